package io.gitcollector.model;

import java.util.Locale;

/**
 * What became of one attempt to call a platform API: it got an answer the collector can use
 * ({@link #SUCCESS}: a 2xx with a whole body, a 304 to a conditional request, a redirect it follows),
 * or it failed, and why.
 */
public enum AttemptOutcome {
    SUCCESS,
    /** A 5xx answer. */
    SERVER_ERROR,
    /** A 4xx answer that is not a rate limit (a 404, a refused token's 401, a 408). */
    CLIENT_ERROR,
    /** A 429, or a 403 saying the quota is spent or asking to slow down. */
    RATE_LIMITED,
    /** No answer: the connection was refused, reset or timed out. */
    IO,
    /** A 2xx whose body is cut short or not JSON. */
    INVALID_BODY,
    /** An answer that is neither a success nor an error (a 3xx the collector does not follow). */
    UNEXPECTED_STATUS,
    /** The host's circuit breaker is open: nothing was sent. */
    CIRCUIT_OPEN,
    /** An answer larger than {@code collector.http.max-response-size}: cut off, not retried. */
    TOO_LARGE;

    public boolean failed() {
        return this != SUCCESS;
    }

    /** How metrics name it: {@code server_error}, {@code rate_limited}, … */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome of an answer with this status that is neither a success nor a rate limit. */
    public static AttemptOutcome ofErrorStatus(int status) {
        if (status >= 500) {
            return SERVER_ERROR;
        }
        return status >= 400 ? CLIENT_ERROR : UNEXPECTED_STATUS;
    }
}
