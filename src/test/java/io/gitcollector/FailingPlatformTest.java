package io.gitcollector;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.CollectorIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailingPlatformTest extends CollectorIntegrationTest {

    @Test
    void persistentServerErrorsEndInFailedWithTheErrorAndAdvanceNoWatermark() {
        SimulatedRepository repo = GITHUB.createRepository("acme", "broken").seed(10, 2, 0);
        repo.faults().failNext(1000, 500);

        JsonNode status = collect(repo.url(), true);

        assertThat(status.path("status").asText()).isEqualTo("failed");
        assertThat(status.path("last_error").asText())
                .contains("/repos/acme/broken").contains("HTTP 500").contains("Server Error").contains("after 6 attempts");
        assertThat(events("git.repositories", status.path("repository_id").asText())).isEmpty();
    }

    @Test
    void transientServerErrorsAreRetriedAndTheSyncCompletes() {
        SimulatedRepository repo = GITHUB.createRepository("acme", "flaky").seed(10, 2, 0);
        repo.faults().failNext(2, 502);

        JsonNode status = collect(repo.url(), true);

        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("completed");
        assertThat(events("git.commits", status.path("repository_id").asText())).hasSize(10);
    }

    @Test
    void missingRepositoryEndsInFailedWithGitHubsNotFound() {
        JsonNode status = collect(GITHUB.apiUrl() + "/acme/does-not-exist", true);

        assertThat(status.path("status").asText()).isEqualTo("failed");
        assertThat(status.path("last_error").asText()).contains("HTTP 404").contains("Not Found");
    }

    @Test
    void aFailedRepositoryCanBeTriggeredAgainAndThenCompletes() {
        SimulatedRepository repo = GITHUB.createRepository("acme", "recovers").seed(20, 2, 0);
        repo.faults().failNext(1000, 503);
        assertThat(collect(repo.url(), true).path("status").asText()).isEqualTo("failed");

        repo.faults().failNext(0, 503);
        JsonNode status = collect(repo.url(), true);

        assertThat(status.path("status").asText()).isEqualTo("completed");
        assertThat(status.has("last_error")).isFalse();
        List<JsonNode> commits = events("git.commits", status.path("repository_id").asText());
        assertThat(commits).hasSize(20);
    }
}
