package io.gitcollector.security;

import java.io.IOException;
import java.util.List;

import io.gitcollector.config.CollectorProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.CorsFilter;

/**
 * The one place CORS is decided, as the security chain's CORS filter ({@code http.cors()}): a page of an origin on
 * {@code collector.security.cors-allowed-origins} (empty by default) may read the REST API's answers and has its
 * preflight answered; a preflight from any other origin is refused (403, a JSON error). No other origin is ever
 * named in an answer, and {@code /actuator} is never shared. Any {@code Access-Control-*} header a component behind
 * this filter sets (Hawtio's and Jolokia's filters) is dropped, so nothing can answer with a reflected origin.
 */
final class CorsPolicy extends CorsFilter {

    static final List<String> METHODS = List.of("GET", "HEAD", "POST");
    static final List<String> HEADERS = List.of("Authorization", "X-API-Key", "Content-Type");

    CorsPolicy(CollectorProperties properties, RequestRefusal refusal) {
        super(source(properties.getSecurity().getCorsAllowedOrigins()));
        setCorsProcessor(new Processor(refusal));
    }

    private static CorsConfigurationSource source(List<String> origins) {
        CorsConfiguration api = new CorsConfiguration();
        api.setAllowedOrigins(origins.stream().map(String::trim).filter(origin -> !origin.isEmpty()).toList());
        api.setAllowedMethods(METHODS);
        api.setAllowedHeaders(HEADERS);
        api.setMaxAge(600L);
        return request -> ContainerPath.of(request).startsWith("/actuator") ? null : api;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        super.doFilterInternal(request, response, (req, res) -> chain.doFilter(req, new OwnCorsHeadersOnly((HttpServletResponse) res)));
    }

    /**
     * Spring's processor, but a request that is not a preflight is answered as any other whatever its origin (no
     * header names a foreign origin, so the browser keeps the answer from its page), and a refused preflight gets
     * the service's JSON error, audited.
     */
    private static final class Processor extends DefaultCorsProcessor {

        private final RequestRefusal refusal;

        Processor(RequestRefusal refusal) {
            this.refusal = refusal;
        }

        @Override
        public boolean processRequest(CorsConfiguration config, HttpServletRequest request, HttpServletResponse response)
                throws IOException {
            String origin = request.getHeader(HttpHeaders.ORIGIN);
            boolean preflight = CorsUtils.isPreFlightRequest(request);
            if (config == null && preflight) {
                refusal.refuse(request, response, null, AuditRecord.DENIED, 403, "forbidden",
                        "/actuator is not shared with another origin's pages");
                return false;
            }
            if (config == null || origin == null) {
                return true; // /actuator is not shared, and a request no page sent has nothing to be told
            }
            boolean allowedOrigin = config.checkOrigin(origin) != null;
            if (!preflight && !allowedOrigin) {
                return true;
            }
            if (super.processRequest(config, request, response)) {
                return true;
            }
            refusal.refuse(request, response, null, AuditRecord.DENIED, 403, "forbidden", allowedOrigin
                    ? "a page may call this API with " + String.join(", ", METHODS) + " and the headers "
                            + String.join(", ", HEADERS) + " only"
                    : "this origin's pages may not call this API (collector.security.cors-allowed-origins)");
            return false;
        }

        @Override
        protected void rejectRequest(ServerHttpResponse response) {
            // processRequest answers a refusal, as JSON.
        }
    }

    /** Lets through every header but the CORS ones, which only this filter writes. */
    private static final class OwnCorsHeadersOnly extends HttpServletResponseWrapper {

        OwnCorsHeadersOnly(HttpServletResponse response) {
            super(response);
        }

        private static boolean cors(String name) {
            return name != null && name.regionMatches(true, 0, "Access-Control-", 0, 15);
        }

        @Override
        public void setHeader(String name, String value) {
            if (!cors(name)) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!cors(name)) {
                super.addHeader(name, value);
            }
        }
    }
}
