package io.gitcollector.http;

import java.time.Instant;

/**
 * The platform said the quota is spent (403/429 with no requests left) or asked to slow down
 * (Retry-After, GitHub's secondary limits): calls may go on at {@link #retryAt()}.
 */
public class RateLimitedException extends PlatformApiException {

    private final Instant retryAt;

    public RateLimitedException(int status, Instant retryAt, String message) {
        super(status, message);
        this.retryAt = retryAt;
    }

    public Instant retryAt() {
        return retryAt;
    }
}
