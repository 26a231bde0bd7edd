package io.gitcollector.http;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** One answer of a platform API: status, the headers the engine reads, the body (and, once parsed, its JSON). */
public final class ApiResponse {

    private final URI uri;
    private final int status;
    private final Map<String, Object> headers;
    private final byte[] body;
    private JsonNode json;

    public ApiResponse(URI uri, int status, Map<String, Object> headers, byte[] body) {
        this.uri = uri;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    public URI uri() {
        return uri;
    }

    public int status() {
        return status;
    }

    public Map<String, Object> headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    /** The body as JSON: parsed by the client, which retries a body that is not whole JSON; MissingNode for no body. */
    public JsonNode json() {
        return json != null ? json : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /**
     * @param prefix what the platform puts before the JSON, skipped when there (Gerrit's {@code )]}'} against
     *               cross-site script inclusion); empty for none
     * @return false if the body is not one complete JSON value (a truncated answer)
     */
    boolean parseJson(ObjectMapper mapper, String prefix) {
        int skip = 0;
        byte[] marker = prefix == null ? new byte[0] : prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (marker.length > 0 && body.length >= marker.length
                && java.util.Arrays.equals(body, 0, marker.length, marker, 0, marker.length)) {
            skip = marker.length;
        }
        try (com.fasterxml.jackson.core.JsonParser parser = mapper.createParser(body, skip, body.length - skip)) {
            JsonNode node = mapper.readTree(parser);
            if (node == null || parser.nextToken() != null) {
                return false;
            }
            json = node;
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

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
