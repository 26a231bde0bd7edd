package io.gitcollector;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.CollectorIntegrationTest;
import io.gitcollector.support.EventSchemas;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FullSyncTest extends CollectorIntegrationTest {

    @Test
    void fullSyncPublishesEveryEntityOnceWithValidEvents() {
        // 250 commits = 3 pages, 130 pull requests = 2 pages, reviews on most of them.
        SimulatedRepository repo = GITHUB.createRepository("acme", "full-sync").seed(250, 130, 2);
        long callsBefore = GITHUB.requests();
        long started = System.nanoTime();

        JsonNode status = collect(repo.url(), true);
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("completed");
        String id = status.path("repository_id").asText();

        List<JsonNode> repositories = events("git.repositories", id, "repository_synced");
        List<JsonNode> commits = events("git.commits", id);
        List<JsonNode> pullTopic = events("git.pull_requests", id);
        List<JsonNode> pulls = pullTopic.stream().filter(e -> e.path("event_type").asText().startsWith("pull_request_")).toList();
        List<JsonNode> reviews = pullTopic.stream().filter(e -> e.path("event_type").asText().equals("review_submitted")).toList();

        assertThat(repositories).hasSize(1);
        assertThat(repositories.get(0).path("data").path("full_name").asText()).isEqualTo("acme/full-sync");
        assertThat(commits).extracting(e -> e.path("data").path("sha").asText())
                .containsExactlyInAnyOrderElementsOf(repo.commitShas());
        assertThat(pulls).extracting(e -> e.path("data").path("id").asLong())
                .containsExactlyInAnyOrderElementsOf(repo.pullIds());
        assertThat(reviews).extracting(e -> e.path("data").path("id").asLong())
                .containsExactlyInAnyOrderElementsOf(repo.reviewIds());
        assertThat(pullTopic).hasSize(pulls.size() + reviews.size());

        // The event type follows from the pull request's state: 1 in 3 merged, 1 in 3 closed, the rest open.
        Map<String, Long> pullTypes = pulls.stream().collect(Collectors.groupingBy(e -> e.path("event_type").asText(), Collectors.counting()));
        assertThat(pullTypes).containsExactlyInAnyOrderEntriesOf(Map.of(
                "pull_request_merged", 43L, "pull_request_opened", 44L, "pull_request_closed", 43L));

        Set<String> eventIds = new HashSet<>();
        for (List<JsonNode> topic : List.of(events("git.repositories", id), commits, pullTopic)) {
            for (JsonNode event : topic) {
                EventSchemas.assertValid(event);
                assertThat(event.path("repository_id").asText()).isEqualTo(id);
                assertThat(event.path("source").asText()).isEqualTo("github");
                assertThat(event.path("sync_mode").asText()).isEqualTo("full");
                assertThat(eventIds.add(event.path("event_id").asText())).as("unique event id").isTrue();
            }
        }

        // Progress is reported per resource and adds up to what landed.
        JsonNode progress = status.path("progress").path("resources");
        assertThat(progress.path("commits").path("pages").asInt()).isEqualTo(3);
        assertThat(progress.path("commits").path("published").asInt()).isEqualTo(250);
        assertThat(progress.path("pull_requests").path("pages").asInt()).isEqualTo(2);
        assertThat(progress.path("reviews").path("published").asInt()).isEqualTo(repo.reviewIds().size());
        long calls = GITHUB.requests() - callsBefore;
        assertThat(status.path("progress").path("api_calls").asLong()).isEqualTo(calls);

        int total = events("git.repositories", id).size() + commits.size() + pullTopic.size();
        System.out.printf("BENCHMARK full sync: %d events in %.2f s = %.0f events/s, %d API calls%n",
                total, seconds, total / seconds, calls);
    }

    @Test
    void secondFullSyncPublishesNothing() {
        SimulatedRepository repo = GITHUB.createRepository("acme", "twice").seed(120, 40, 2);
        JsonNode first = collect(repo.url(), true);
        String id = first.path("repository_id").asText();
        int commits = events("git.commits", id).size();
        int pulls = events("git.pull_requests", id).size();
        int repositories = events("git.repositories", id).size();
        assertThat(commits).isEqualTo(120);

        JsonNode second = collect(repo.url(), true);

        assertThat(second.path("status").asText()).isEqualTo("completed");
        assertThat(events("git.commits", id)).hasSize(commits);
        assertThat(events("git.pull_requests", id)).hasSize(pulls);
        assertThat(events("git.repositories", id)).hasSize(repositories);
        JsonNode progress = second.path("progress").path("resources");
        assertThat(progress.path("commits").path("published").asInt()).isZero();
        assertThat(progress.path("commits").path("duplicates").asInt()).isEqualTo(120);
    }
}
