package io.gitcollector.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The contract's times are UTC ISO-8601 to the second, {@code 2024-05-01T12:00:00Z}, in every field of every event:
 * platforms send offsets (GitLab {@code +02:00}, Bitbucket {@code +00:00}) and fractions (GitLab milliseconds,
 * Bitbucket microseconds, Gerrit nanoseconds), and one precision lets a consumer compare and join times across
 * platforms as text. Seconds are what every platform has.
 */
public final class UtcTimes {

    private UtcTimes() {
    }

    /** An event's time: UTC, to the second. */
    public static String format(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * Every {@code *_at} field of the normalized data, nested ones included (a pipeline's {@code extra.updated_at}),
     * becomes {@code …Z} to the second; {@code raw}, the platform's object as it sent it, is left as it is.
     */
    public static void normalize(ObjectNode data) {
        data.properties().forEach(field -> {
            JsonNode value = field.getValue();
            if (field.getKey().endsWith("_at") && value.isTextual()) {
                if (utcSeconds(value.asText()) == null) {
                    Instant at = parse(value);
                    if (at != null) {
                        field.setValue(TextNode.valueOf(format(at)));
                    }
                }
            } else if (value.isContainerNode() && !field.getKey().equals("raw")) {
                normalizeWithin(value);
            }
        });
    }

    private static void normalizeWithin(JsonNode node) {
        if (node.isObject()) {
            normalize((ObjectNode) node);
        } else {
            node.forEach(element -> {
                if (element.isObject()) {
                    normalize((ObjectNode) element);
                }
            });
        }
    }

    /** A time as UTC with the fraction the platform sent ({@code 2024-05-01T10:00:00.123+02:00} → {@code …08:00:00.123Z}); other text as it is. */
    public static String exactText(JsonNode node) {
        String text = node.asText();
        if (!node.isTextual() || text.length() < 20 || text.charAt(4) != '-' || text.charAt(10) != 'T') {
            return text; // a sha or a number: not worth a parse that throws
        }
        Instant at = parse(node);
        return at == null ? text : at.toString();
    }

    /** The instant of an ISO-8601 time with an offset, or null if the node is not one. */
    public static Instant parse(JsonNode node) {
        if (node == null || node.isNull() || !node.isTextual()) {
            return null;
        }
        String text = node.asText();
        Instant utc = utcSeconds(text);
        if (utc != null) {
            return utc;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ssZ}, the form most platforms send and the contract keeps, read without a formatter
     * (a parse per item and field was a visible part of a large sync's time); null for any other form.
     */
    private static Instant utcSeconds(String text) {
        if (text.length() != 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        try {
            return java.time.LocalDateTime.of(year, month, day, hour, minute, second).toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null; // February 30th
        }
    }

    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
