package io.gitcollector.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an API key may do; each role includes the ones before it. */
public enum Role {
    /** Reads collection status and metrics. */
    VIEWER,
    /** Also triggers collections and replays dead letters. */
    OPERATOR,
    /** Also reaches Hawtio, Jolokia and the actuator's management endpoints. */
    ADMIN;

    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Role parse(String text) {
        for (Role role : values()) {
            if (role.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        // The text is not repeated: a key written in the role's place would be printed.
        throw new IllegalArgumentException("the role must be one of "
                + Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", ")));
    }
}
