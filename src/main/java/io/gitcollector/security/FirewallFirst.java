package io.gitcollector.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.util.UriUtils;

/**
 * What must happen just before Spring Security's filter. Spring Security 6.5 parses the request's path (its
 * ServletRequestPathFilter) before its firewall sees the request, and that parse wants the raw URI to begin with
 * the path of the servlet that serves it; for a servlet mapped to a path of its own (Jolokia's, Hawtio's) it fails
 * with a 500 otherwise. So the firewall's checks run here first (the security chain runs them again), refusing a
 * path in another spelling (400); and a request that reaches such a servlet through an escape the container decodes
 * ({@code /%61ctuator/jolokia}) goes on with its decoded path encoded again, which names the same resource.
 */
final class FirewallFirst implements Filter {

    private final HttpFirewall firewall;
    private final RequestRejectedHandler refusal;

    FirewallFirst(HttpFirewall firewall, RequestRejectedHandler refusal) {
        this.firewall = firewall;
        this.refusal = refusal;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        try {
            firewall.getFirewalledRequest(http); // only checked here: the security chain wraps the request itself
        } catch (RequestRejectedException e) {
            refusal.handle(http, (HttpServletResponse) response, e);
            return;
        }
        chain.doFilter(inTheServletsSpelling(http), response);
    }

    private static HttpServletRequest inTheServletsSpelling(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        if (mapping == null || mapping.getMappingMatch() != MappingMatch.PATH) {
            return request;
        }
        String contextPath = request.getContextPath();
        if (request.getRequestURI().startsWith(contextPath + UriUtils.encodePath(request.getServletPath(), StandardCharsets.UTF_8))) {
            return request;
        }
        String uri = contextPath + UriUtils.encodePath(ContainerPath.of(request), StandardCharsets.UTF_8);
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getRequestURI() {
                return uri;
            }

            @Override
            public StringBuffer getRequestURL() {
                StringBuffer url = new StringBuffer(request.getRequestURL());
                return url.replace(url.length() - request.getRequestURI().length(), url.length(), uri);
            }
        };
    }
}
