package io.gitcollector.collect;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.model.UtcTimes;
import io.gitcollector.publish.EventTopics;

/**
 * What a source's mapper route returned for one item, checked: one event, several (an array), or null to skip the
 * item. An event the engine could not wrap and publish (no event type, no identity, a watermark that is no time)
 * makes the item unmappable ({@link UnmappableItem}), which sends it to the dead-letter topic as a mapper's exception
 * does ({@link MapperDeadLetters}).
 */
final class MapperOutput {

    private MapperOutput() {
    }

    /** The events of a mapper's answer; none when it skipped the item. */
    static List<ObjectNode> events(ResourceSpec spec, JsonNode out) {
        if (out == null || out.isNull()) {
            return List.of(); // the mapper chose to skip this item
        }
        List<ObjectNode> events = new ArrayList<>();
        for (JsonNode one : out.isArray() ? out : List.of(out)) {
            String problem = problem(spec, one);
            if (problem != null) {
                throw new UnmappableItem(problem);
            }
            events.add((ObjectNode) one);
        }
        return events;
    }

    private static String problem(ResourceSpec spec, JsonNode out) {
        if (!out.isObject() || !out.path("data").isObject()) {
            return "mapper " + spec.mapper() + " must return {\"event_type\": …, \"data\": {…}}";
        }
        if (!out.path("event_type").isTextual() || out.path("event_type").asText().isBlank()) {
            return "mapper " + spec.mapper() + " returned no event_type";
        }
        if (spec.topic() == null && EventTopics.topicOf(out.path("event_type").asText()).isEmpty()) {
            return "event type '" + out.path("event_type").asText() + "' is not in the contract; give the resource a topic";
        }
        JsonNode identity = ResourceSpec.field(out.path("data"), spec.identity());
        if (identity.isMissingNode() || identity.isNull()) {
            return "mapped data has no identity field '" + spec.identity() + "'";
        }
        JsonNode stamp = spec.watermark() == null ? null : ResourceSpec.field(out.path("data"), spec.watermark());
        if (stamp != null && stamp.isTextual() && UtcTimes.parse(stamp) == null) {
            return "mapped data's " + spec.watermark() + " is not a timestamp: '" + stamp.asText() + "'";
        }
        return null;
    }

    /** A mapper's answer the engine cannot publish; the message is the dead letter's reason as it is. */
    static final class UnmappableItem extends RuntimeException {
        UnmappableItem(String reason) {
            super(reason, null, false, false);
        }
    }
}
