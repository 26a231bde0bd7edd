package io.gitcollector.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads the API key a request carries: {@code X-API-Key: <key>}, {@code Authorization: Bearer <key>},
 * or, for Hawtio and its Jolokia only, HTTP Basic with the key as the password (what a browser sends; the
 * user name is ignored). Elsewhere Basic is not read, so credentials a browser keeps cannot reach the API.
 */
final class PresentedKey {

    static final String HEADER = "X-API-Key";

    private PresentedKey() {
    }

    /** @return the key, or null when the request carries none */
    static String of(HttpServletRequest request, String path) {
        String header = request.getHeader(HEADER);
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return value.substring(7).trim();
        }
        if (value.regionMatches(true, 0, "Basic ", 0, 6) && browsable(path)) {
            try {
                String pair = new String(Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 ? pair : pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static boolean browsable(String path) {
        return path.startsWith("/actuator/hawtio") || path.startsWith("/actuator/jolokia");
    }
}
