package io.gitcollector.security;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A browser's write sent from another site's page: it would carry the HTTP Basic credentials the browser
 * keeps for Hawtio (a forged trigger, a Jolokia operation). Browsers say where a request comes from in
 * {@code Sec-Fetch-Site}; scripts and Prometheus send no such header and are not affected.
 */
final class CrossSiteRequest {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private CrossSiteRequest() {
    }

    static boolean is(HttpServletRequest request) {
        if (SAFE.contains(request.getMethod())) {
            return false;
        }
        String site = request.getHeader("Sec-Fetch-Site");
        return "cross-site".equalsIgnoreCase(site) || "null".equals(request.getHeader("Origin"));
    }
}
