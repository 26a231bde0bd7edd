package io.gitcollector.collect;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The contract's times are UTC ISO-8601. Platforms send offsets (GitLab {@code +02:00}, Bitbucket
 * {@code +00:00} with microseconds): every {@code *_at} field of the normalized data becomes {@code …Z}.
 */
public final class UtcTimes {

    private UtcTimes() {
    }

    public static void normalize(ObjectNode data) {
        data.properties().forEach(field -> {
            if (field.getKey().endsWith("_at")) {
                Instant at = parse(field.getValue());
                if (at != null) {
                    field.setValue(TextNode.valueOf(at.toString()));
                }
            }
        });
    }

    /** The instant of an ISO-8601 time with an offset, or null if the node is not one. */
    public static Instant parse(JsonNode node) {
        if (node == null || node.isNull() || !node.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
