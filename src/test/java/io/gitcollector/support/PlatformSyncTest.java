package io.gitcollector.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** What the per-platform full-then-incremental tests share: every event of a repository, checked and compared. */
public abstract class PlatformSyncTest extends CollectorIntegrationTest {

    private static final List<String> TOPICS = List.of("git.repositories", "git.commits", "git.pull_requests",
            "git.issues", "git.contributors", "git.pipelines", "git.dlq");

    /** Every event of the repository on every topic; each on the topic EVENTS.md gives its type, and valid. */
    protected List<JsonNode> allEvents(String repositoryId) {
        List<JsonNode> all = new ArrayList<>();
        TOPICS.forEach(topic -> events(topic, repositoryId).forEach(e -> {
            assertThat(EventKeys.topicOf(e)).as(EventKeys.key(e)).isEqualTo(topic);
            EventSchemas.assertValid(e);
            all.add(e);
        }));
        return all;
    }

    /** The events that were not there before. */
    protected static List<JsonNode> since(List<JsonNode> now, List<JsonNode> before) {
        Set<String> seen = before.stream().map(e -> e.path("event_id").asText()).collect(Collectors.toSet());
        return now.stream().filter(e -> !seen.contains(e.path("event_id").asText())).toList();
    }

    protected static void assertExactly(List<JsonNode> events, EventKeys.Expected expected) {
        assertThat(EventKeys.keys(events)).containsExactlyInAnyOrderElementsOf(expected.list());
    }

    protected JsonNode completed(String repositoryUrl, boolean full) {
        JsonNode status = collect(repositoryUrl, full);
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("completed");
        assertThat(status.path("sync_mode").asText()).isEqualTo(full ? "full" : "incremental");
        return status;
    }
}
