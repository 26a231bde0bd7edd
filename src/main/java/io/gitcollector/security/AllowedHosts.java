package io.gitcollector.security;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The host names a run without authentication answers to. A page on another site can point its own
 * DNS name at 127.0.0.1 (DNS rebinding) and so reach a service bound to loopback as if it were its own
 * origin; its requests still carry its name in {@code Host}, and that name is not on this list. In the security
 * chain only with authentication off, where it refuses (403) every other name.
 */
final class AllowedHosts extends OncePerRequestFilter {

    /** What a browser on this machine sends to reach the service. */
    static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final Set<String> names;
    private final RequestRefusal refusal;

    AllowedHosts(List<String> configured, RequestRefusal refusal) {
        List<String> list = configured == null || configured.isEmpty() ? LOOPBACK : configured;
        this.names = list.stream().map(name -> name.trim().toLowerCase(Locale.ROOT)).filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        this.refusal = refusal;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!permits(request)) {
            refusal.refuse(request, response, null, AuditRecord.DENIED, 403, "forbidden", "the Host is not one this service "
                    + "answers without authentication (collector.security.allowed-hosts: " + new TreeSet<>(names) + ")");
            return;
        }
        chain.doFilter(request, response);
    }

    boolean permits(HttpServletRequest request) {
        String host = request.getHeader("Host");
        return host != null && names.contains(withoutPort(host.trim().toLowerCase(Locale.ROOT)));
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
