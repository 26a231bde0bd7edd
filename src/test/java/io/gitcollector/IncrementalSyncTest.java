package io.gitcollector;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.CollectorIntegrationTest;
import io.gitcollector.support.PrintedLog;
import io.gitcollector.support.EventSchemas;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IncrementalSyncTest extends CollectorIntegrationTest {

    @Test
    void incrementalSyncPublishesExactlyWhatChanged() {
        SimulatedRepository repo = GITHUB.createRepository("acme", "incremental").seed(150, 30, 1);
        JsonNode full = collect(repo.url(), true);
        String id = full.path("repository_id").asText();
        List<JsonNode> commitsBefore = events("git.commits", id);
        List<JsonNode> pullsBefore = events("git.pull_requests", id);
        List<JsonNode> reposBefore = events("git.repositories", id);
        long fullCalls = full.path("progress").path("api_calls").asLong();

        List<String> newShas = repo.addCommits(3);
        repo.merge(1);                                   // open → merged
        long reviewId = repo.addReview(2, "CHANGES_REQUESTED"); // also moves PR 2's updated_at
        JsonNode incremental = collect(repo.url(), false);

        assertThat(incremental.path("status").asText()).as(incremental.toString()).isEqualTo("completed");
        assertThat(incremental.path("sync_mode").asText()).isEqualTo("incremental");
        List<JsonNode> newCommits = after(events("git.commits", id), commitsBefore);
        List<JsonNode> newPulls = after(events("git.pull_requests", id), pullsBefore);
        List<JsonNode> newRepos = after(events("git.repositories", id), reposBefore);

        assertThat(newCommits).extracting(e -> e.path("data").path("sha").asText()).containsExactlyInAnyOrderElementsOf(newShas);
        assertThat(newPulls).extracting(e -> e.path("event_type").asText() + ":" + e.path("data").path(e.path("data").has("number") ? "number" : "pull_request_number").asInt())
                .containsExactlyInAnyOrder("pull_request_merged:1", "pull_request_closed:2", "review_submitted:2");
        JsonNode review = newPulls.stream().filter(e -> e.path("event_type").asText().equals("review_submitted")).findFirst().orElseThrow();
        assertThat(review.path("data").path("id").asLong()).isEqualTo(reviewId);
        assertThat(review.path("data").path("state").asText()).isEqualTo("changes_requested");
        // The repository's updated_at moved with the new commits: one new version; and new health figures.
        assertThat(newRepos).extracting(e -> e.path("event_type").asText())
                .containsExactlyInAnyOrder("repository_synced", "repository_health_computed");
        for (JsonNode event : concat(newCommits, newPulls, newRepos)) {
            EventSchemas.assertValid(event);
            assertThat(event.path("sync_mode").asText()).isEqualTo("incremental");
        }

        // Quota: one page of commits (since=), one page of pulls (stopped at the watermark), reviews only of changed PRs.
        JsonNode progress = incremental.path("progress").path("resources");
        assertThat(progress.path("commits").path("pages").asInt()).isEqualTo(1);
        // since= starts one overlap (1 min) before the watermark: the newest old commit comes again, as a duplicate.
        assertThat(progress.path("commits").path("published").asInt()).isEqualTo(3);
        assertThat(progress.path("commits").path("duplicates").asInt()).isEqualTo(1);
        assertThat(progress.path("pull_requests").path("pages").asInt()).isEqualTo(1);
        // Reviews are read again only for the 2 pull requests that changed, and the newest old one that the
        // watermark's overlap brings back: 3 calls, not 30.
        assertThat(progress.path("reviews").path("api_calls").asInt()).isEqualTo(3);
        // Every other resource costs one call: repository, protection, commits, pulls, issues, issue comments,
        // review comments, contributors, teams, workflow runs (10) + 3 reviews = 13, against the full sync's many more.
        assertThat(incremental.path("progress").path("api_calls").asLong()).isEqualTo(13).isLessThan(fullCalls / 3 + 1);
    }

    @Test
    void incrementalTriggerOfANeverSyncedRepositoryIsAFullSyncInItsAnswerStatusLogAndEvents() throws Exception {
        SimulatedRepository repo = GITHUB.createRepository("acme", "first-incremental").seed(40, 5, 1);
        JsonNode status;
        List<String> lines;
        try (PrintedLog log = PrintedLog.capture()) {
            JsonNode queued = trigger(repo.url(), false);

            assertThat(queued.path("sync_mode").asText()).isEqualTo("full");
            assertThat(queued.path("requested_sync_mode").asText()).isEqualTo("incremental");
            assertThat(queued.path("message").asText())
                    .isEqualTo("full collection queued (incremental was asked for; the repository was never synced)");
            String id = queued.path("repository_id").asText();
            assertThat(status(id).path("sync_mode").asText()).as("queued, running or completed: full").isEqualTo("full");
            status = awaitFinished(id);
            lines = log.lines();
        }

        assertThat(status.path("status").asText()).isEqualTo("completed");
        assertThat(status.path("sync_mode").asText()).isEqualTo("full");
        String id = status.path("repository_id").asText();
        List<JsonNode> commits = events("git.commits", id);
        assertThat(commits).hasSize(40).allSatisfy(e -> assertThat(e.path("sync_mode").asText()).isEqualTo("full"));
        assertThat(events("git.pull_requests", id)).isNotEmpty()
                .allSatisfy(e -> assertThat(e.path("sync_mode").asText()).isEqualTo("full"));
        List<JsonNode> runLines = new java.util.ArrayList<>();
        for (String line : lines) {
            JsonNode json = JSON.readTree(line);
            if (id.equals(json.path("repository_id").asText()) && json.path("message").asText().contains(" sync of ")) {
                runLines.add(json);
            }
        }
        assertThat(runLines).extracting(l -> l.path("message").asText())
                .anyMatch(m -> m.startsWith("Started full sync of " + repo.url().toLowerCase()))
                .anyMatch(m -> m.startsWith("Completed full sync of "))
                .noneMatch(m -> m.contains("incremental sync"));
        assertThat(runLines).allSatisfy(l -> assertThat(l.path("sync_mode").asText()).isEqualTo("full"));

        // Once synced, an incremental request runs as asked, and the answer says nothing more.
        JsonNode again = trigger(repo.url(), false);
        assertThat(again.path("sync_mode").asText()).isEqualTo("incremental");
        assertThat(again.has("requested_sync_mode")).isFalse();
        assertThat(again.path("message").asText()).isEqualTo("incremental collection queued");
        assertThat(awaitFinished(id).path("sync_mode").asText()).isEqualTo("incremental");
    }

    private static List<JsonNode> after(List<JsonNode> now, List<JsonNode> before) {
        Set<String> seen = new HashSet<>();
        before.forEach(e -> seen.add(e.path("event_id").asText()));
        return now.stream().filter(e -> !seen.contains(e.path("event_id").asText())).toList();
    }

    @SafeVarargs
    private static List<JsonNode> concat(List<JsonNode>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }
}
