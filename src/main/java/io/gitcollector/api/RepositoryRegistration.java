package io.gitcollector.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.jobs.FullSyncCron;

/**
 * The body of {@code POST /api/v1/repositories}, checked strictly like a trigger's: {@code url} (required),
 * {@code interval} (ISO-8601, default PT1H) and {@code full_sync_cron} (default 03:00 UTC; "-" for none).
 */
public record RepositoryRegistration(String url, Duration interval, String fullSyncCron) {

    private static final java.util.List<String> FIELDS = java.util.List.of("url", "interval", "full_sync_cron");
    /** Shorter intervals would have the scheduler queue faster than it ticks. */
    private static final Duration SHORTEST = Duration.ofSeconds(1);

    public static RepositoryRegistration parse(ObjectMapper mapper, String body) {
        JsonNode root = StrictJsonObject.read(mapper, body, "{\"url\": \"https://…\", \"interval\": \"PT1H\", "
                + "\"full_sync_cron\": \"" + FullSyncCron.DEFAULT + "\"}", FIELDS);
        String url = text(root, "url");
        if (url == null || url.isBlank()) {
            throw new BadRequestException("url is required and must not be empty");
        }
        String intervalText = text(root, "interval");
        Duration interval;
        try {
            interval = intervalText == null ? Duration.ofHours(1) : Duration.parse(intervalText);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("interval '" + intervalText + "' is not an ISO-8601 duration, e.g. PT1H");
        }
        if (interval.compareTo(SHORTEST) < 0) {
            throw new BadRequestException("interval must be at least " + SHORTEST);
        }
        String cron = root.has("full_sync_cron") ? text(root, "full_sync_cron") : FullSyncCron.DEFAULT;
        try {
            FullSyncCron.parse(cron);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        return new RepositoryRegistration(url, interval, cron);
    }

    private static String text(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequestException(field + " must be a string");
        }
        return value.asText();
    }
}
