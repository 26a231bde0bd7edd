package io.gitcollector.publish;

/** Kafka did not acknowledge a batch: nothing of it is remembered as published, and the run stops. */
public class PublishFailedException extends IllegalStateException {

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
