package io.gitcollector.security;

import java.io.IOException;
import java.net.URI;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses (403) a browser's request sent from another site's page: it would carry the HTTP Basic credentials the browser
 * keeps for Hawtio. Browsers say where a request comes from in {@code Sec-Fetch-Site} and {@code Origin};
 * scripts and Prometheus send neither and are not affected.
 * <p>
 * Under {@code /actuator} every method counts, GET included: a Jolokia GET can run an operation, and
 * the console's own pages are always same-origin. Elsewhere only writes count; reads of the REST API
 * are answered, and CORS ({@link CorsPolicy}) decides whether another page may see them.
 * <p>
 * Spring Security's CSRF tokens do not fit an API whose clients are scripts with keys; this filter runs in the
 * security chain before the key is read, so such a request is refused whatever it carries.
 */
final class CrossSiteRequest extends OncePerRequestFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final RequestRefusal refusal;

    CrossSiteRequest(RequestRefusal refusal) {
        this.refusal = refusal;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = ContainerPath.of(request);
        if (is(request, path)) {
            refusal.refuse(request, response, null, AuditRecord.DENIED, 403, "forbidden", path.startsWith("/actuator/")
                    ? "a request from another site's page is refused under /actuator"
                    : "a cross-site " + request.getMethod() + " is refused");
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean is(HttpServletRequest request, String path) {
        String site = request.getHeader("Sec-Fetch-Site");
        String origin = request.getHeader("Origin");
        if (path.startsWith("/actuator/") && !path.startsWith("/actuator/health")) {
            return "cross-site".equalsIgnoreCase(site) || "same-site".equalsIgnoreCase(site)
                    || origin != null && !sameOrigin(origin, request.getHeader("Host"));
        }
        if (SAFE.contains(request.getMethod())) {
            return false;
        }
        return "cross-site".equalsIgnoreCase(site) || "null".equals(origin);
    }

    /**
     * Whether the page's origin names the host the request was sent to. The scheme is left out: behind a TLS
     * proxy the page is https while the service sees http.
     */
    private static boolean sameOrigin(String origin, String host) {
        if (host == null || "null".equals(origin)) {
            return false;
        }
        try {
            URI uri = URI.create(origin.trim());
            if (uri.getHost() == null) {
                return false;
            }
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return authority.equalsIgnoreCase(host.trim()) || defaultPort(uri, host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code Origin: https://host} and {@code Host: host:443} name the same place. */
    private static boolean defaultPort(URI origin, String host) {
        String port = "https".equalsIgnoreCase(origin.getScheme()) ? "443" : "80";
        return origin.getPort() < 0 && (origin.getHost() + ":" + port).equalsIgnoreCase(host.trim());
    }
}
