package io.gitcollector.http;

/** A platform API answered with an error, or could not be reached. The message never holds a credential. */
public class PlatformApiException extends RuntimeException {

    private final int status;

    public PlatformApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public PlatformApiException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public PlatformApiException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status, or 0 when no answer came (or none that could be used). */
    public int status() {
        return status;
    }
}
