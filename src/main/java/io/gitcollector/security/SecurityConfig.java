package io.gitcollector.security;

import java.util.Arrays;

import io.gitcollector.config.CollectorProperties;
import jakarta.servlet.DispatcherType;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.CorsFilter;

/**
 * Who may call what, on Spring Security. Every request first passes the firewall (a path in any spelling but the
 * canonical one is refused 400, so the rules below and every servlet read the same path), then the CORS policy,
 * the cross-site check and, with authentication off, the allowed Host names; then its API key names a caller whose
 * role the access rules weigh. Refusals are the service's JSON errors, audited ({@link RequestRefusal}). Stateless:
 * no session, no CSRF token (clients are scripts with keys; {@link CrossSiteRequest} refuses what a browser could be
 * made to send), no login form and no Basic challenge of Spring's own.
 */
@Configuration
public class SecurityConfig {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiKeys keys, ApiKeyAuthenticationProvider provider,
                                            RequestRefusal refusal, CollectorProperties properties) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                .logout(logout -> logout.disable())
                // The answers keep the headers they had; Hawtio sets its own frame, content-type and CSP headers.
                .headers(headers -> headers.disable())
                .cors(Customizer.withDefaults()) // the bean named corsFilter: CorsPolicy
                .exceptionHandling(refusals -> refusals.authenticationEntryPoint(refusal).accessDeniedHandler(refusal))
                .addFilterAfter(new CrossSiteRequest(refusal), CorsFilter.class);
        if (!keys.enabled()) {
            http.addFilterAfter(new AllowedHosts(properties.getSecurity().getAllowedHosts(), refusal), CorsFilter.class);
        }
        http.addFilterBefore(new ApiKeyAuthenticationFilter(keys, new ProviderManager(provider)),
                AnonymousAuthenticationFilter.class);
        http.authorizeHttpRequests(rules -> rules
                // A forward, an include, an error page or an async dispatch goes on with a request let in already.
                .dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.INCLUDE, DispatcherType.ERROR,
                        DispatcherType.ASYNC).permitAll()
                // Probes carry no credentials.
                .requestMatchers(paths("/health", "/actuator/health", "/actuator/health/**")).permitAll()
                // A platform's signature is a delivery's credential, checked by WebhookIntake.
                .requestMatchers(paths("/api/v1/webhooks/*/**")).permitAll()
                .requestMatchers(paths("/metrics", "/api/v1/collect/status", "/api/v1/collect/status/**"))
                .hasRole(Role.VIEWER.name())
                // Reading the scheduled repositories is a viewer's; changing them (POST, DELETE) an operator's.
                .requestMatchers(reading("/api/v1/repositories")).hasRole(Role.VIEWER.name())
                .requestMatchers(paths("/api/v1/collect/trigger", "/api/v1/dead-letters/replay", "/api/v1/repositories",
                        "/api/v1/repositories/*")).hasRole(Role.OPERATOR.name())
                // Hawtio, Jolokia, the rest of /actuator, and any path not named above: an endpoint added later is
                // closed until someone decides otherwise. Rules go by path whatever the method, so a wrong method
                // gets its 405 only once the caller is allowed.
                .anyRequest().hasRole(Role.ADMIN.name()));
        return http.build();
    }

    /**
     * No spring_security_* meters: every request would move them (GET /metrics among them), and the refusals they
     * would count are in the audit already.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Each role includes the ones before it ({@link Role}): admin, then operator, then viewer. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        RoleHierarchyImpl.Builder hierarchy = RoleHierarchyImpl.withDefaultRolePrefix();
        Role[] roles = Role.values();
        for (int i = roles.length - 1; i > 0; i--) {
            hierarchy.role(roles[i].name()).implies(roles[i - 1].name());
        }
        return hierarchy.build();
    }

    /**
     * Spring Security's strict firewall, as it comes: it refuses a path with {@code ..}, {@code .}, {@code ;},
     * {@code //}, a backslash, an encoded dot, slash, backslash or percent sign, a method that is not a standard
     * one, and headers or parameters with control characters. {@link RequestRefusal} answers 400.
     */
    @Bean
    static StrictHttpFirewall firewall() {
        return new StrictHttpFirewall();
    }

    /**
     * Tomcat leaves an encoded slash or backslash in the path as it is, for the firewall to refuse with the JSON
     * error: Tomcat's own refusal of an encoded slash is an HTML page, and it would decode an encoded backslash.
     */
    @Bean
    static WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesToTheFirewall() {
        return factory -> factory.addConnectorCustomizers(connector -> {
            connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
            connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
        });
    }

    /**
     * The firewall's path checks as a servlet filter just before Spring Security's (whose order is
     * {@code spring.security.filter.order} in application.yaml, {@code Integer.MIN_VALUE + 10}): see {@link FirewallFirst}.
     */
    @Bean
    FilterRegistrationBean<FirewallFirst> firewallFirst(StrictHttpFirewall firewall, RequestRefusal refusal) {
        FilterRegistrationBean<FirewallFirst> registration = new FilterRegistrationBean<>(new FirewallFirst(firewall, refusal));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 9);
        return registration;
    }

    /** The security chain's CORS filter ({@code http.cors()} takes the bean of this name). */
    @Bean
    CorsFilter corsFilter(CollectorProperties properties, RequestRefusal refusal) {
        return new CorsPolicy(properties, refusal);
    }

    /** The CORS filter runs in the security chain only, not a second time as a servlet filter of its own. */
    @Bean
    FilterRegistrationBean<CorsFilter> corsFilterOnlyInTheSecurityChain(CorsFilter corsFilter) {
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(corsFilter);
        registration.setEnabled(false);
        return registration;
    }

    /** GET or HEAD of these paths: the one rule that goes by method, where one path both reads and changes. */
    private static RequestMatcher[] reading(String... patterns) {
        return Arrays.stream(paths(patterns)).map(path -> (RequestMatcher) request ->
                ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) && path.matches(request))
                .toArray(RequestMatcher[]::new);
    }

    private static RequestMatcher[] paths(String... patterns) {
        return Arrays.stream(patterns).map(ContainerPath::matching).toArray(RequestMatcher[]::new);
    }
}
