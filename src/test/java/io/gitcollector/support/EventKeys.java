package io.gitcollector.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Names an event by its type and the identity of what it is about ({@code commit_created:3f2a…},
 * {@code pull_request_merged:1234}), so a test can compare exactly which events landed with the
 * list it expects from the simulator's data.
 */
public final class EventKeys {

    private static final Map<String, String> IDENTITY = Map.ofEntries(
            Map.entry("commit_created", "sha"),
            Map.entry("contributor_synced", "login"),
            Map.entry("branch_protection_synced", "branch"));

    private EventKeys() {
    }

    public static String key(JsonNode event) {
        String type = event.path("event_type").asText();
        if (type.equals("repository_health_computed")) {
            return type;
        }
        return type + ":" + event.path("data").path(IDENTITY.getOrDefault(type, "id")).asText();
    }

    /** The topic EVENTS.md names for the event's type. */
    public static String topicOf(JsonNode event) {
        String type = event.path("event_type").asText();
        if (type.startsWith("repository_") || type.equals("branch_protection_synced")) {
            return "git.repositories";
        }
        if (type.equals("commit_created")) {
            return "git.commits";
        }
        if (type.startsWith("pull_request_") || type.startsWith("review_")) {
            return "git.pull_requests";
        }
        if (type.startsWith("issue_")) {
            return "git.issues";
        }
        if (type.equals("contributor_synced") || type.equals("team_synced")) {
            return "git.contributors";
        }
        return type.equals("pipeline_run_synced") ? "git.pipelines" : "git.dlq";
    }

    public static List<String> keys(List<JsonNode> events) {
        return events.stream().map(EventKeys::key).toList();
    }

    public static String key(String type, Object identity) {
        return type + ":" + identity;
    }

    /** Collects expected keys. */
    public static final class Expected {
        private final List<String> keys = new ArrayList<>();

        public Expected add(String type, Object identity) {
            keys.add(key(type, identity));
            return this;
        }

        public Expected addAll(String type, List<?> identities) {
            identities.forEach(i -> add(type, i));
            return this;
        }

        public Expected health() {
            keys.add("repository_health_computed");
            return this;
        }

        public List<String> list() {
            return keys;
        }
    }
}
