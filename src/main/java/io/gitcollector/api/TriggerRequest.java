package io.gitcollector.api;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The body of {@code POST /api/v1/collect/trigger}, checked strictly: exact fields, exact types. */
public record TriggerRequest(String repositoryUrl, boolean fullSync) {

    private static final Set<String> FIELDS = Set.of("repository_url", "full_sync");

    public static TriggerRequest parse(ObjectMapper mapper, String body) {
        if (body == null || body.isBlank()) {
            throw new BadRequestException("the request body is empty; send {\"repository_url\": \"https://…\", \"full_sync\": false}");
        }
        JsonNode root;
        try {
            // Trailing content or a repeated field is a malformed request, not something to guess at.
            root = mapper.reader()
                    .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("the request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRequestException("the request body must be a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            String field = it.next().getKey();
            if (!FIELDS.contains(field)) {
                throw new BadRequestException("unknown field '" + field + "'; allowed fields: repository_url, full_sync");
            }
        }
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
        return new TriggerRequest(url.asText(), full != null && full.asBoolean());
    }
}
