package io.gitcollector.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.jobs.FullSyncCron;

/**
 * The body of {@code POST /api/v1/repositories}, checked strictly like a trigger's: {@code url} (required),
 * {@code interval} (ISO-8601, default PT1H) and {@code full_sync_cron} (default 03:00 UTC; "-" for none); for an
 * organization, group or workspace, {@code kind} ("organization"; by default what the URL's path can name) and
 * {@code discovery_interval} (ISO-8601, default PT1H).
 */
public record RepositoryRegistration(String url, Duration interval, String fullSyncCron, String kind, Duration discoveryInterval) {

    public static final String REPOSITORY = "repository";
    public static final String ORGANIZATION = "organization";
    private static final java.util.List<String> FIELDS = java.util.List.of("url", "interval", "full_sync_cron", "kind",
            "discovery_interval");
    /** Listing an organization more often than this would spend its quota on discoveries. */
    private static final Duration SHORTEST_DISCOVERY = Duration.ofSeconds(1);
    /** Shorter intervals would have the scheduler queue faster than it ticks. */
    private static final Duration SHORTEST = Duration.ofSeconds(1);

    public static RepositoryRegistration parse(ObjectMapper mapper, String body) {
        JsonNode root = StrictJsonObject.read(mapper, body, "{\"url\": \"https://…\", \"interval\": \"PT1H\", "
                + "\"full_sync_cron\": \"" + FullSyncCron.DEFAULT + "\"}", FIELDS);
        String url = text(root, "url");
        if (url == null || url.isBlank()) {
            throw new BadRequestException("url is required and must not be empty");
        }
        Duration interval = duration(root, "interval", SHORTEST);
        Duration discoveryInterval = duration(root, "discovery_interval", SHORTEST_DISCOVERY);
        String kind = text(root, "kind");
        if (kind != null && !kind.equals(REPOSITORY) && !kind.equals(ORGANIZATION)) {
            throw new BadRequestException("kind must be \"repository\" or \"organization\" (a group or workspace too); got '"
                    + kind + "'");
        }
        if (REPOSITORY.equals(kind) && root.has("discovery_interval")) {
            throw new BadRequestException("discovery_interval is for an organization; a repository has none");
        }
        String cron = root.has("full_sync_cron") ? text(root, "full_sync_cron") : FullSyncCron.DEFAULT;
        try {
            FullSyncCron.parse(cron);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        return new RepositoryRegistration(url, interval, cron, kind, discoveryInterval);
    }

    private static Duration duration(JsonNode root, String field, Duration shortest) {
        String text = text(root, field);
        Duration duration;
        try {
            duration = text == null ? Duration.ofHours(1) : Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field + " '" + text + "' is not an ISO-8601 duration, e.g. PT1H");
        }
        if (duration.compareTo(shortest) < 0) {
            throw new BadRequestException(field + " must be at least " + shortest);
        }
        return duration;
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
