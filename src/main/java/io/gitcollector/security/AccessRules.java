package io.gitcollector.security;

import java.util.Optional;

/**
 * Which role each path needs. Paths not named here need {@code admin}, so an endpoint added later is
 * closed until someone decides otherwise. Rules go by path whatever the method, so a wrong method
 * gets its 405 only once the caller is allowed.
 */
final class AccessRules {

    private AccessRules() {
    }

    /** @return the role a request to this path needs, or empty when it is open to anyone */
    static Optional<Role> required(String path) {
        if (path.equals("/health") || path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
            return Optional.empty(); // probes carry no credentials
        }
        if (path.startsWith("/api/v1/webhooks/")) {
            return Optional.empty(); // a platform's signature is a delivery's credential, checked by WebhookIntake
        }
        if (path.equals("/metrics") || path.equals("/api/v1/collect/status") || path.startsWith("/api/v1/collect/status/")) {
            return Optional.of(Role.VIEWER);
        }
        if (path.equals("/api/v1/collect/trigger") || path.equals("/api/v1/dead-letters/replay")) {
            return Optional.of(Role.OPERATOR);
        }
        return Optional.of(Role.ADMIN);
    }
}
