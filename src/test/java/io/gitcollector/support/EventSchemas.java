package io.gitcollector.support;

import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** Validates events against the JSON Schema the project keeps for their type (src/main/resources/schemas/events). */
public final class EventSchemas {

    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private EventSchemas() {
    }

    /** Fails with every violation if the event does not match its type's schema. */
    public static void assertValid(JsonNode event) {
        String type = event.path("event_type").asText();
        JsonSchema schema = SCHEMAS.computeIfAbsent(type, EventSchemas::load);
        Set<ValidationMessage> errors = schema.validate(event);
        if (!errors.isEmpty()) {
            throw new AssertionError("event " + event.path("event_id").asText() + " (" + type + ") violates its schema: "
                    + errors + "\n" + event.toPrettyString());
        }
    }

    private static JsonSchema load(String type) {
        try (InputStream in = EventSchemas.class.getResourceAsStream("/schemas/events/" + type + ".schema.json")) {
            if (in == null) {
                throw new AssertionError("no schema kept for event type '" + type + "'");
            }
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return FACTORY.getSchema(in, config);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
