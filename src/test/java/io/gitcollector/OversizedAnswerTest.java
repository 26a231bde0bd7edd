package io.gitcollector;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.simulator.Faults;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.EventKeys;
import io.gitcollector.support.GitHubExpectations;
import io.gitcollector.support.PlatformSyncTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A platform answer larger than {@code collector.http.max-response-size} (64 MB by default) fails the resource it
 * belongs to, at once and without a retry: it is never read whole, its connection is cut rather than drained,
 * and the run, the instance and the next jobs go on.
 */
class OversizedAnswerTest extends PlatformSyncTest {

    private static final long MB = 1024 * 1024;

    @Test
    void anAnswerOverTheSizeLimitFailsItsResourceAndCollectionGoesOn() {
        SimulatedRepository giant = GITHUB.createRepository("acme", "giant").seed(10, 4, 1).seedEverything(3, 1, 1, 2, 1, 2);
        Faults.OversizedAnswer answer = giant.faults().answerOversized("/repos/acme/giant/commits", 200 * MB, false);
        SimulatedRepository next = GITHUB.createRepository("acme", "after-giant").seed(6, 2, 1);

        String giantId = trigger(giant.url(), true).get("repository_id").asText();
        String nextId = trigger(next.url(), true).get("repository_id").asText();
        JsonNode status = awaitFinished(giantId);

        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("failed");
        assertThat(status.path("last_error").asText())
                .contains("GET /repos/acme/giant/commits")
                .contains("answered more than 64 MB (collector.http.max-response-size)");
        assertThat(status.path("progress").path("resources").path("commits").path("state").asText()).isEqualTo("failed");
        assertThat(GITHUB.requestsTo("/repos/acme/giant/commits")).as("not retried").isEqualTo(1);
        // Cut off, not drained: the simulator could not send the 200 MB (sockets buffer a few MB at most).
        await().atMost(Duration.ofSeconds(30)).until(() -> answer.ended() == 1);
        assertThat(answer.sent()).isLessThan(100 * MB);

        // Every other resource of the repository was collected; no commit, and no health figures for a failed run.
        List<String> others = GitHubExpectations.fullSync(giant).list().stream()
                .filter(key -> !key.startsWith("commit_created:") && !key.equals("repository_health_computed")).toList();
        assertThat(EventKeys.keys(allEvents(giantId))).containsExactlyInAnyOrderElementsOf(others);

        JsonNode after = awaitFinished(nextId);
        assertThat(after.path("status").asText()).as(after.toString()).isEqualTo("completed");
        assertExactly(allEvents(nextId), GitHubExpectations.fullSync(next));
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void aDeclaredContentLengthOverTheLimitFailsTheResourceBeforeItsBodyIsRead() {
        SimulatedRepository declared = GITHUB.createRepository("acme", "declared-giant").seed(5, 2, 1);
        Faults.OversizedAnswer answer = declared.faults().answerOversized("/repos/acme/declared-giant/commits", 200 * MB, true);

        JsonNode status = collect(declared.url(), true);

        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("failed");
        assertThat(status.path("last_error").asText())
                .contains("GET /repos/acme/declared-giant/commits")
                .contains("answered more than 64 MB (collector.http.max-response-size)");
        assertThat(GITHUB.requestsTo("/repos/acme/declared-giant/commits")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> answer.ended() == 1);
        assertThat(answer.sent()).isLessThan(100 * MB);
        String id = status.path("repository_id").asText();
        assertThat(events("git.pull_requests", id)).isNotEmpty();
        assertThat(events("git.commits", id)).isEmpty();
    }
}
