package io.gitcollector;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.CollectorIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed run leaves no resource "running" in its status: the one that failed says failed, with why, and every
 * other ends done, skipped or interrupted (README, the status API).
 */
class FailedRunStatusTest extends CollectorIntegrationTest {

    private static final long MB = 1024 * 1024;

    @Test
    void aChildResourceThatFailsEndsFailedWithItsParentAndEveryOtherResourceEnds() {
        SimulatedRepository repo = GITHUB.createRepository("acme", "reviews-fail").seedEvenly(5, 3, 2);
        assertThat(repo.hasPull(2)).isTrue();
        // A child resource's failure, not retried: the reviews of pull request 2 are too large to read.
        repo.faults().answerOversized("/repos/acme/reviews-fail/pulls/2/reviews", 200 * MB, true);

        JsonNode status = collect(repo.url(), true);

        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("failed");
        JsonNode resources = status.path("progress").path("resources");
        JsonNode reviews = resources.path("reviews");
        assertThat(reviews.path("state").asText()).isEqualTo("failed");
        assertThat(reviews.path("error").asText()).contains("GET /repos/acme/reviews-fail/pulls/2/reviews")
                .contains("answered more than 64 MB");
        assertThat(resources.path("pull_requests").path("state").asText()).isEqualTo("failed");
        Map<String, String> others = statesBut(resources, "reviews", "pull_requests");
        assertThat(others).as(resources.toString()).isNotEmpty().containsEntry("repository", "done")
                .containsEntry("commits", "done").containsEntry("issues", "done");
        assertThat(others.values()).as("every other resource was collected: " + others).containsOnly("done");
    }

    @Test
    void aRunStoppedByItsFirstResourceSaysThatResourceFailed() {
        // A 404, not retried and not held against the host's circuit breaker, which other tests share.
        JsonNode status = collect(GITHUB.apiUrl() + "/acme/first-fails-missing", true);

        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("failed");
        JsonNode resources = status.path("progress").path("resources");
        assertThat(statesBut(resources)).as(resources.toString()).isEqualTo(Map.of("repository", "failed"));
        assertThat(resources.path("repository").path("error").asText()).contains("/repos/acme/first-fails-missing")
                .contains("HTTP 404");
    }

    private static Map<String, String> statesBut(JsonNode resources, String... left) {
        Map<String, String> states = new TreeMap<>();
        resources.fields().forEachRemaining(e -> states.put(e.getKey(), e.getValue().path("state").asText()));
        for (String name : left) {
            states.remove(name);
        }
        return states;
    }
}
