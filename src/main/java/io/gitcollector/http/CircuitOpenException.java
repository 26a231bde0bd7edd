package io.gitcollector.http;

/** Calls to a platform API host are stopped for a while: it failed too often. */
public class CircuitOpenException extends PlatformApiException {

    public CircuitOpenException(String message) {
        super(0, message);
    }
}
