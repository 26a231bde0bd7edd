package io.gitcollector.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who made a request: the name of the API key it carried (never the key) and that key's role.
 * The access filter puts it on the request; handlers read it to audit what they did.
 */
public record Caller(String name, Role role) {

    static final String ATTRIBUTE = Caller.class.getName();

    /** With authentication off every caller is this one. */
    static final Caller ANONYMOUS = new Caller("anonymous", Role.ADMIN);

    /** @return the caller the filter let through, or null if it did not see this request */
    public static Caller of(HttpServletRequest request) {
        Object caller = request == null ? null : request.getAttribute(ATTRIBUTE);
        return caller instanceof Caller c ? c : null;
    }
}
