package io.gitcollector.security;

import java.io.IOException;
import java.util.Optional;

import io.gitcollector.config.CollectorProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a request through only with an API key whose role the path needs ({@link AccessRules}):
 * 401 without a valid key, 403 with a key of too small a role, both as JSON errors that name no
 * configured key, and both audited. Before any of that, a path that is not canonical is refused (400),
 * and so is a browser's request from another site (403: any under /actuator, writes elsewhere). With
 * authentication off, only the allowed Host names are answered. A request let through carries its {@link Caller}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ApiKeyFilter extends OncePerRequestFilter {

    private final ApiKeys keys;
    private final RequestRefusal refusal;
    private final AllowedHosts allowedHosts;

    public ApiKeyFilter(ApiKeys keys, RequestRefusal refusal, CollectorProperties properties) {
        this.keys = keys;
        this.refusal = refusal;
        this.allowedHosts = new AllowedHosts(properties.getSecurity().getAllowedHosts());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!CanonicalPath.is(request.getRequestURI())) {
            deny(request, response, null, 400, "bad_request", "the path is not in canonical form (no '..', '.', ';', "
                    + "'//', backslashes or encoded dots and slashes)");
            return;
        }
        String path = pathOf(request);
        if (CrossSiteRequest.is(request, path)) {
            deny(request, response, null, 403, "forbidden", path.startsWith("/actuator/")
                    ? "a request from another site's page is refused under /actuator"
                    : "a cross-site " + request.getMethod() + " is refused");
            return;
        }
        if (!keys.enabled()) {
            // Without keys only this machine's own names are answered: a rebinding page sends its own name.
            if (!allowedHosts.permits(request)) {
                deny(request, response, null, 403, "forbidden", "the Host is not one this service answers without "
                        + "authentication (collector.security.allowed-hosts: " + new java.util.TreeSet<>(allowedHosts.names()) + ")");
                return;
            }
            request.setAttribute(Caller.ATTRIBUTE, Caller.ANONYMOUS);
            chain.doFilter(request, response);
            return;
        }
        Optional<Role> needed = AccessRules.required(path);
        if (needed.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiKey> key = keys.match(PresentedKey.of(request, path));
        if (key.isEmpty()) {
            deny(request, response, null, 401, "unauthorized",
                    "a valid API key is required: send it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'");
            return;
        }
        Caller caller = new Caller(key.get().name(), key.get().role());
        if (!caller.role().includes(needed.get())) {
            deny(request, response, caller, 403, "forbidden", "this needs the " + needed.get().label()
                    + " role; this key has the " + caller.role().label() + " role");
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller);
        chain.doFilter(request, response);
    }

    /**
     * The path the servlet container maps the request by: decoded, with dot segments and path parameters
     * removed. The raw request URI is not that: {@code /actuator/health/../jolokia} would pass as a health
     * probe while the container serves Jolokia.
     */
    static String pathOf(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        return servletPath + pathInfo;
    }

    private void deny(HttpServletRequest request, HttpServletResponse response, Caller caller, int status, String error,
                      String message) throws IOException {
        refusal.refuse(request, response, caller, AuditRecord.DENIED, status, error, message);
    }
}
