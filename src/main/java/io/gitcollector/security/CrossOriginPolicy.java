package io.gitcollector.security;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.gitcollector.config.CollectorProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The one place CORS is decided: a page of an origin on {@code collector.security.cors-allowed-origins}
 * (empty by default) may read the REST API's answers; no other origin is ever named in an answer, and
 * {@code /actuator} is never shared. Any {@code Access-Control-*} header a component behind this filter
 * sets (Jolokia reflects origins) is dropped, so nothing can answer with a reflected origin.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class CrossOriginPolicy extends OncePerRequestFilter {

    private static final String ALLOWED_HEADERS = "Authorization, X-API-Key, Content-Type";

    private final Set<String> origins;

    public CrossOriginPolicy(CollectorProperties properties) {
        this.origins = properties.getSecurity().getCorsAllowedOrigins().stream()
                .map(origin -> origin.trim().toLowerCase(Locale.ROOT)).filter(origin -> !origin.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpServletResponse guarded = new OwnCorsHeadersOnly(response);
        String origin = request.getHeader("Origin");
        boolean allowed = origin != null && origins.contains(origin.trim().toLowerCase(Locale.ROOT))
                && !ContainerPath.of(request).startsWith("/actuator");
        if (allowed) {
            response.setHeader("Access-Control-Allow-Origin", origin.trim());
            response.addHeader("Vary", "Origin");
            if ("OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null) {
                // A preflight carries no key: it is answered here, and the real request is checked as any other.
                response.setHeader("Access-Control-Allow-Methods", "GET, POST");
                response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
                response.setHeader("Access-Control-Max-Age", "600");
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
                return;
            }
        }
        chain.doFilter(request, guarded);
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
