package io.gitcollector.security;

import java.util.List;
import java.util.Locale;

/**
 * Whether a raw request URI is in the one spelling the access rules and every servlet agree on. The
 * container resolves dot segments, path parameters and escapes before it picks a servlet, and Spring MVC
 * and Camel match on the raw URI: refusing other spellings leaves no path two of them read differently.
 */
final class CanonicalPath {

    private static final List<String> REFUSED = List.of("/../", "/./", ";", "//", "\\", "%2e", "%2f", "%5c");

    private CanonicalPath() {
    }

    static boolean is(String rawUri) {
        if (rawUri == null || !rawUri.startsWith("/")) {
            return false;
        }
        String path = rawUri.toLowerCase(Locale.ROOT);
        return REFUSED.stream().noneMatch(path::contains) && !path.endsWith("/..") && !path.endsWith("/.");
    }
}
