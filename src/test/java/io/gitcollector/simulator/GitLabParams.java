package io.gitcollector.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.gitcollector.simulator.SimulatorServer.Call;

/**
 * Query parameters read the way GitLab's Grape API reads them: a repeated scalar keeps its last
 * value (Rack), arrays come as {@code name[]=…} repeated, and a value that fails validation is a 400
 * with Grape's body ({@code {"error":"state does not have a valid value"}}).
 */
final class GitLabParams {

    /** A parameter Grape would reject; the simulator answers 400 {"error": message}. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    private GitLabParams() {
    }

    /** The value of a scalar parameter (the last one, as Rack keeps it), or null. */
    static String last(Call call, String name) {
        List<String> values = call.queryAll(name);
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /** A parameter limited to {@code allowed} values (Grape {@code values:}), or {@code fallback} when absent. */
    static String choice(Call call, String name, String fallback, String... allowed) {
        String value = last(call, name);
        if (value == null) {
            return fallback;
        }
        if (!Arrays.asList(allowed).contains(value)) {
            throw new Invalid(name + " does not have a valid value");
        }
        return value;
    }

    /** An Integer parameter, or {@code fallback} when absent. */
    static int integer(Call call, String name, int fallback) {
        String value = last(call, name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new Invalid(name + " is invalid");
        }
    }

    /** An integer array sent as {@code name[]=1&name[]=2} (or {@code name=1}); empty when absent. */
    static Set<Long> integers(Call call, String name) {
        List<String> values = new ArrayList<>(call.queryAll(name + "[]"));
        values.addAll(call.queryAll(name));
        Set<Long> numbers = new LinkedHashSet<>();
        for (String v : values) {
            try {
                numbers.add(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                throw new Invalid(name + " is invalid");
            }
        }
        return numbers;
    }

    /**
     * An ISO 8601 date-time parameter, or null when absent. An unencoded '+' of an offset arrives as a
     * space (the docs tell clients to send %2B); it is read back as '+'. A bare date means midnight UTC.
     */
    static Instant time(Call call, String name) {
        String value = last(call, name);
        if (value == null || value.isBlank()) {
            return null;
        }
        String s = value.trim().replaceFirst(" (\\d{2}:?\\d{2})$", "+$1").replace(' ', 'T');
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new Invalid(name + " is invalid");
                }
            }
        }
    }
}
