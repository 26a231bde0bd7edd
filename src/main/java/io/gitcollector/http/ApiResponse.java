package io.gitcollector.http;

import java.net.URI;
import java.util.Map;

/** One answer of a platform API: status, the headers the engine reads, the body. */
public record ApiResponse(URI uri, int status, Map<String, Object> headers, byte[] body) {

    public String header(String name) {
        for (Map.Entry<String, Object> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && e.getValue() != null) {
                return e.getValue().toString();
            }
        }
        return null;
    }

    public Long longHeader(String name) {
        String value = header(name);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
