package io.gitcollector.api;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The body of {@code POST /api/v1/collect/trigger}, checked strictly: exact fields, exact types. A backfill adds
 * {@code since} and {@code until} (ISO-8601 times) and {@code resources} (the source's resource names).
 */
public record TriggerRequest(String repositoryUrl, boolean fullSync, io.gitcollector.model.Backfill backfill) {

    private static final java.util.List<String> FIELDS = java.util.List.of("repository_url", "full_sync", "since", "until", "resources");
    /** More names than any source has resources: a longer list is no request. */
    private static final int MAX_RESOURCES = 50;

    public static TriggerRequest parse(ObjectMapper mapper, String body) {
        JsonNode root = StrictJsonObject.read(mapper, body, "{\"repository_url\": \"https://…\", \"full_sync\": false}", FIELDS);
        JsonNode url = root.get("repository_url");
        if (url == null || url.isNull()) {
            throw new BadRequestException("repository_url is required");
        }
        if (!url.isTextual()) {
            throw new BadRequestException("repository_url must be a string");
        }
        if (url.asText().isBlank()) {
            throw new BadRequestException("repository_url is required and must not be empty");
        }
        JsonNode full = root.get("full_sync");
        if (full != null && !full.isNull() && !full.isBoolean()) {
            throw new BadRequestException("full_sync must be true or false");
        }
        boolean fullSync = full != null && full.asBoolean();
        java.time.Instant since = time(root, "since");
        java.time.Instant until = time(root, "until");
        if (since != null && fullSync) {
            throw new BadRequestException("since reads from that time and full_sync reads everything: give one of them");
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new BadRequestException("since must be before until");
        }
        java.util.List<String> resources = resources(root);
        io.gitcollector.model.Backfill backfill = since == null && until == null && resources == null ? null
                : new io.gitcollector.model.Backfill(since == null ? null : since.toString(),
                        until == null ? null : until.toString(), resources);
        return new TriggerRequest(url.asText(), fullSync, backfill);
    }

    private static java.time.Instant time(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequestException(field + " must be an ISO-8601 time with an offset, like 2024-05-01T00:00:00Z");
        }
        try {
            return java.time.OffsetDateTime.parse(value.asText()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadRequestException(field + " must be an ISO-8601 time with an offset, like 2024-05-01T00:00:00Z; got '"
                    + (value.asText().length() > 40 ? value.asText().substring(0, 40) + "…" : value.asText()) + "'");
        }
    }

    private static java.util.List<String> resources(JsonNode root) {
        JsonNode value = root.get("resources");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray() || value.isEmpty() || value.size() > MAX_RESOURCES) {
            throw new BadRequestException("resources must be a list of 1 to " + MAX_RESOURCES
                    + " resource names, like [\"issues\", \"pull_requests\"]");
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        for (JsonNode name : value) {
            if (!name.isTextual() || !name.asText().matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new BadRequestException("resources must hold resource names (letters, digits, _ . -), like \"issues\"");
            }
            names.add(name.asText());
        }
        return java.util.List.copyOf(names);
    }
}
