package io.gitcollector;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.CollectorIntegrationTest;
import io.gitcollector.support.EventSchemas;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RepositoryHealthTest extends CollectorIntegrationTest {

    @Test
    void healthFiguresCountWhatEveryRunCollectedAndArePublishedOnlyWhenTheyChange() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SimulatedRepository repo = GITHUB.createRepository("acme", "health");
        repo.addCommitAt(now.minus(Duration.ofDays(40)));      // outside the 30-day window
        repo.addCommitAt(now.minus(Duration.ofDays(10)));
        String newest = repo.addCommitAt(now.minus(Duration.ofDays(1)));
        IntStream.rangeClosed(1, 4).forEach(repo::newPull);
        repo.merge(1);
        repo.merge(2);
        repo.close(4);                                          // 3 stays open
        int first = repo.openIssue();
        repo.openIssue();
        repo.openIssue();
        repo.closeIssue(first);

        String id = collect(repo.url(), true).path("repository_id").asText();

        JsonNode health = onlyHealth(id, 1);
        assertThat(health.path("open_pull_requests").asInt()).isEqualTo(1);
        assertThat(health.path("open_issues").asInt()).isEqualTo(2);
        assertThat(health.path("commits_last_30_days").asInt()).isEqualTo(2);
        assertThat(health.path("last_commit_at").asText()).isEqualTo(now.minus(Duration.ofDays(1)).toString());
        assertThat(health.path("median_pr_merge_hours").asDouble()).isEqualTo(medianMergeHours(repo, 1, 2));
        assertThat(newest).isNotBlank();

        // Nothing changed: the same figures are not published again.
        collect(repo.url(), false);
        onlyHealth(id, 1);

        // An incremental run sees only the changes, yet the figures count everything collected so far.
        repo.merge(3);
        repo.addCommitAt(now.minus(Duration.ofHours(1)));
        collect(repo.url(), false);

        JsonNode after = onlyHealth(id, 2);
        assertThat(after.path("open_pull_requests").asInt()).isZero();
        assertThat(after.path("open_issues").asInt()).isEqualTo(2);
        assertThat(after.path("commits_last_30_days").asInt()).isEqualTo(3);
        assertThat(after.path("last_commit_at").asText()).isEqualTo(now.minus(Duration.ofHours(1)).toString());
        assertThat(after.path("median_pr_merge_hours").asDouble()).isEqualTo(medianMergeHours(repo, 1, 2, 3));
    }

    @Test
    void figuresThatReturnToAnEarlierStateArePublishedAgain() {
        SimulatedRepository repo = GITHUB.createRepository("acme", "health-flip").seed(3, 1, 0); // one open pull request
        String id = collect(repo.url(), true).path("repository_id").asText();
        assertThat(onlyHealth(id, 1).path("open_pull_requests").asInt()).isEqualTo(1);

        repo.newPull(2);
        collect(repo.url(), false);
        assertThat(onlyHealth(id, 2).path("open_pull_requests").asInt()).isEqualTo(2);

        // Back to the first figures: consumers hold "2", so "1" must reach them again.
        repo.close(2);
        collect(repo.url(), false);
        JsonNode back = onlyHealth(id, 3);
        assertThat(back.path("open_pull_requests").asInt()).isEqualTo(1);
        List<JsonNode> events = events("git.repositories", id, "repository_health_computed");
        assertThat(events.get(2).path("data")).isEqualTo(events.get(0).path("data"));
        assertThat(events.get(2).path("event_id")).isNotEqualTo(events.get(0).path("event_id"));
    }

    /** Asserts how many health events the repository has had, and returns the newest one's figures. */
    private JsonNode onlyHealth(String id, int count) {
        List<JsonNode> events = events("git.repositories", id, "repository_health_computed");
        assertThat(events).hasSize(count);
        events.forEach(EventSchemas::assertValid);
        return events.get(events.size() - 1).path("data");
    }

    private static double medianMergeHours(SimulatedRepository repo, int... numbers) {
        double[] hours = IntStream.of(numbers).mapToObj(repo::pull).mapToDouble(RepositoryHealthTest::mergeHours).sorted().toArray();
        double median = hours.length % 2 == 1 ? hours[hours.length / 2] : (hours[hours.length / 2 - 1] + hours[hours.length / 2]) / 2;
        return Math.round(median * 100) / 100.0;
    }

    private static double mergeHours(ObjectNode pull) {
        return Duration.between(Instant.parse(pull.get("created_at").asText()), Instant.parse(pull.get("merged_at").asText()))
                .toSeconds() / 3600.0;
    }
}
