package io.gitcollector.api;

/** The request is wrong; the message tells the caller what to fix. Answered with 400. */
public class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message);
    }
}
