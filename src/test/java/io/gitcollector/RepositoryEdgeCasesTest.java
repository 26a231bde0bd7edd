package io.gitcollector;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.CollectorIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Real repositories that are not tidy: empty, renamed, or with a commit from a wrong clock. */
class RepositoryEdgeCasesTest extends CollectorIntegrationTest {

    @Test
    void anEmptyRepositoryCompletesWithItsMetadataAndNoCommits() {
        SimulatedRepository repo = GITHUB.createRepository("acme", "empty");

        JsonNode status = collect(repo.url(), true);

        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("completed");
        String id = status.path("repository_id").asText();
        assertThat(events("git.repositories", id, "repository_synced")).hasSize(1);
        assertThat(events("git.commits", id)).isEmpty();
        JsonNode health = events("git.repositories", id, "repository_health_computed").get(0).path("data");
        assertThat(health.path("commits_last_30_days").asInt()).isZero();
        assertThat(health.path("last_commit_at").isNull()).isTrue();
    }

    @Test
    void aRenamedRepositoryIsFollowedToItsNewAddress() {
        SimulatedRepository repo = GITHUB.createRepository("acme", "old-name").seed(15, 3, 1);
        String oldUrl = repo.url();
        GITHUB.rename(repo, "acme", "new-name");

        JsonNode status = collect(oldUrl, true);

        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("completed");
        String id = status.path("repository_id").asText();
        assertThat(events("git.commits", id)).hasSize(15);
        assertThat(events("git.repositories", id).get(0).path("data").path("full_name").asText()).isEqualTo("acme/new-name");
    }

    @Test
    void aCommitDatedInTheFutureDoesNotHideTheCommitsThatFollowIt() {
        SimulatedRepository repo = GITHUB.createRepository("acme", "wrong-clock").seed(5, 0, 0);
        repo.addCommitAt(Instant.parse("2031-01-01T00:00:00Z"));
        String id = collect(repo.url(), true).path("repository_id").asText();

        String next = repo.addCommitAt(Instant.now().plusSeconds(1));
        JsonNode status = collect(repo.url(), false);

        assertThat(status.path("status").asText()).isEqualTo("completed");
        List<String> shas = events("git.commits", id).stream().map(e -> e.path("data").path("sha").asText()).toList();
        assertThat(shas).hasSize(7).contains(next);
    }
}
