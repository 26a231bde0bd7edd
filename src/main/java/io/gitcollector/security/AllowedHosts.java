package io.gitcollector.security;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The host names a run without authentication answers to. A page on another site can point its own
 * DNS name at 127.0.0.1 (DNS rebinding) and so reach a service bound to loopback as if it were its own
 * origin; its requests still carry its name in {@code Host}, and that name is not on this list.
 */
final class AllowedHosts {

    /** What a browser on this machine sends to reach the service. */
    static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final Set<String> names;

    AllowedHosts(List<String> configured) {
        List<String> list = configured == null || configured.isEmpty() ? LOOPBACK : configured;
        this.names = list.stream().map(name -> name.trim().toLowerCase(Locale.ROOT)).filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    boolean permits(HttpServletRequest request) {
        String host = request.getHeader("Host");
        return host != null && names.contains(withoutPort(host.trim().toLowerCase(Locale.ROOT)));
    }

    Set<String> names() {
        return names;
    }

    private static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 || host.indexOf(':', colon + 1) >= 0 ? host : host.substring(0, colon);
    }
}
