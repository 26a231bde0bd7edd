package io.gitcollector.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who made a request: the name of the API key it carried (never the key) and that key's role.
 * The access filter puts it on the request; handlers read it to audit what they did.
 */
public record Caller(String name, Role role) {

    static final String ATTRIBUTE = Caller.class.getName();

    /** With authentication off every caller is this one: allowed everything, but named by no key. */
    static final Caller ANONYMOUS = new Caller("anonymous", Role.ADMIN);

    /**
     * Whether this is the caller of a run with authentication off, whose role only lets it through: an audit
     * record must not make it an admin, nor confuse it with a key named "anonymous".
     */
    public boolean anonymous() {
        return this == ANONYMOUS;
    }

    /** @return the caller the filter let through, or null if it did not see this request */
    public static Caller of(HttpServletRequest request) {
        Object caller = request == null ? null : request.getAttribute(ATTRIBUTE);
        return caller instanceof Caller c ? c : null;
    }
}
