package io.gitcollector.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one shape of every JSON error the service answers: {@code error}, {@code message}, {@code status}, {@code timestamp}. */
public final class ErrorBody {

    private ErrorBody() {
    }

    public static Map<String, Object> of(int status, String error, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        body.put("status", status);
        body.put("timestamp", Instant.now().toString());
        return body;
    }
}
