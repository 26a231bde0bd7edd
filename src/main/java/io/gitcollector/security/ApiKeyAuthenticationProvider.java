package io.gitcollector.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Matches a presented key against the configured ones ({@link ApiKeys}, in constant time) and answers with the
 * caller it names. As a bean it is also what keeps Spring Boot from making a user with a generated password.
 */
@Component
public class ApiKeyAuthenticationProvider implements AuthenticationProvider {

    private final ApiKeys keys;

    public ApiKeyAuthenticationProvider(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        Object presented = authentication.getCredentials();
        ApiKey key = keys.match(presented instanceof String text ? text : null)
                .orElseThrow(() -> new BadCredentialsException("no configured API key matches")); // names no key
        return ApiKeyAuthentication.of(new Caller(key.name(), key.role()));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return ApiKeyAuthentication.class.isAssignableFrom(authentication);
    }
}
