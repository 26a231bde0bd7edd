package io.gitcollector.http;

import java.io.IOException;

/**
 * A platform answered more than {@code collector.http.max-response-size}: the answer was not read past the
 * limit and its connection was closed. Not retried, as the same request would get the same answer.
 */
public class ResponseTooLargeException extends IOException {

    private final int status;

    ResponseTooLargeException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The status of the answer that was too large. */
    public int status() {
        return status;
    }

    /** @return the ResponseTooLargeException among {@code e} and its causes, or null */
    static ResponseTooLargeException in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ResponseTooLargeException tooLarge) {
                return tooLarge;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
