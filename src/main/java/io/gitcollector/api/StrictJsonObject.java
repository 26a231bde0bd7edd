package io.gitcollector.api;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A request body read strictly, as every write endpoint reads its own: one JSON object, nothing after it, no field
 * given twice, no field the endpoint does not know. Each refusal is a {@link BadRequestException} saying what is wrong.
 */
final class StrictJsonObject {

    private StrictJsonObject() {
    }

    /**
     * @param example what a right body looks like, quoted when the body is empty
     * @param fields  the fields the endpoint knows, named in the order they are listed back
     */
    static JsonNode read(ObjectMapper mapper, String body, String example, java.util.List<String> fields) {
        if (body == null || body.isBlank()) {
            throw new BadRequestException("the request body is empty; send " + example);
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
        Set<String> known = Set.copyOf(fields);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            String field = it.next().getKey();
            if (!known.contains(field)) {
                throw new BadRequestException("unknown field '" + field + "'; allowed fields: " + String.join(", ", fields));
            }
        }
        return root;
    }
}
