package io.gitcollector.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A presented API key before it is checked, or the {@link Caller} a configured key names once it is: then the
 * key's role is its one authority ({@code ROLE_VIEWER}, {@code ROLE_OPERATOR}, {@code ROLE_ADMIN}); the role
 * hierarchy ({@link SecurityConfig#roleHierarchy()}) gives it the roles below. Never prints the key.
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final Caller caller;
    private String presented;

    private ApiKeyAuthentication(String presented, Caller caller) {
        super(caller == null ? List.of() : List.of(new SimpleGrantedAuthority("ROLE_" + caller.role().name())));
        this.presented = presented;
        this.caller = caller;
        setAuthenticated(caller != null);
    }

    /** A key as a request carries it, to be matched by {@link ApiKeyAuthenticationProvider}. */
    static ApiKeyAuthentication presented(String key) {
        return new ApiKeyAuthentication(key, null);
    }

    /** The caller a matched key names (or {@link Caller#ANONYMOUS} with authentication off). */
    static ApiKeyAuthentication of(Caller caller) {
        return new ApiKeyAuthentication(null, caller);
    }

    Caller caller() {
        return caller;
    }

    @Override
    public Object getCredentials() {
        return presented;
    }

    @Override
    public Object getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        return caller == null ? "" : caller.name();
    }

    @Override
    public void eraseCredentials() {
        presented = null;
        super.eraseCredentials();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKeyAuthentication that && super.equals(that);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }

    @Override
    public String toString() {
        return caller == null ? "ApiKeyAuthentication[unchecked]" : "ApiKeyAuthentication[" + caller.name() + ", "
                + caller.role().label() + "]";
    }
}
