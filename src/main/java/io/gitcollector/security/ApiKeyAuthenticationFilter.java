package io.gitcollector.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns the API key a request carries ({@link PresentedKey}) into the authentication of its {@link Caller}, and
 * puts that caller on the request for the handlers' audit. A wrong key reads as no key: the open paths answer
 * either, and the access rules answer 401 to both elsewhere, with the same message. With authentication off every
 * request is {@link Caller#ANONYMOUS}.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private final ApiKeys keys;
    private final AuthenticationManager authenticationManager;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    ApiKeyAuthenticationFilter(ApiKeys keys, AuthenticationManager authenticationManager) {
        this.keys = keys;
        this.authenticationManager = authenticationManager;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = authenticate(request);
        if (authentication instanceof ApiKeyAuthentication caller) {
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(caller);
            contexts.setContext(context);
            request.setAttribute(Caller.ATTRIBUTE, caller.caller());
        }
        chain.doFilter(request, response);
    }

    private Authentication authenticate(HttpServletRequest request) {
        if (!keys.enabled()) {
            return ApiKeyAuthentication.of(Caller.ANONYMOUS);
        }
        String presented = PresentedKey.of(request, ContainerPath.of(request));
        if (presented == null || presented.isEmpty()) {
            return null;
        }
        try {
            return authenticationManager.authenticate(ApiKeyAuthentication.presented(presented));
        } catch (AuthenticationException e) {
            return null;
        }
    }
}
