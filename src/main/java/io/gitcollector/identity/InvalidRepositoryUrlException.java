package io.gitcollector.identity;

/** A repository URL the collector will not collect, with a message fit for the caller. */
public class InvalidRepositoryUrlException extends RuntimeException {
    public InvalidRepositoryUrlException(String message) {
        super(message);
    }
}
