package io.gitcollector.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.server.PathContainer;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The path the servlet container maps a request by: decoded, with dot segments and path parameters removed.
 * The firewall ({@link SecurityConfig#firewall()}) refuses every request whose raw URI spells it otherwise, so the
 * access rules, the audit and every servlet read the same path.
 */
final class ContainerPath {

    private ContainerPath() {
    }

    static String of(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        return servletPath + pathInfo;
    }

    /**
     * A rule's path pattern ({@code /actuator/health/**}) matched against the whole container path. Spring
     * Security's own path matchers read the path within the servlet that serves it: for a servlet mapped to a path
     * of its own (Jolokia's, Hawtio's) that leaves its prefix out.
     */
    static RequestMatcher matching(String pattern) {
        PathPattern parsed = PathPatternParser.defaultInstance.parse(pattern);
        return new RequestMatcher() {
            @Override
            public boolean matches(HttpServletRequest request) {
                return parsed.matches(PathContainer.parsePath(of(request)));
            }

            @Override
            public String toString() {
                return "ContainerPath " + pattern;
            }
        };
    }
}
