package io.gitcollector.collect;

import java.time.Instant;

/** A rate-limit wait too long to spend in a thread: the run stops here and goes on by itself at {@link #until()}. */
public class RateLimitWaitException extends RuntimeException {

    private final Instant until;

    public RateLimitWaitException(Instant until, String reason) {
        super(reason + "; the run goes on at " + until, null, false, false);
        this.until = until;
    }

    public Instant until() {
        return until;
    }
}
