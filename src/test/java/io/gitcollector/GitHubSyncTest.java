package io.gitcollector;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.EventKeys;
import io.gitcollector.support.GitHubExpectations;
import io.gitcollector.support.PlatformSyncTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every GitHub entity of the seed, through a full and then an incremental sync: exact events per topic, all valid. */
class GitHubSyncTest extends PlatformSyncTest {

    @Test
    void fullThenIncrementalSyncPublishExactlyTheRepositorysEntities() {
        SimulatedRepository repo = GITHUB.createRepository("acme", "everything").seed(60, 12, 2)
                .seedEverything(9, 1, 1, 4, 2, 7);

        String id = completed(repo.url(), true).path("repository_id").asText();

        assertExactly(allEvents(id), GitHubExpectations.fullSync(repo));
        List<JsonNode> before = allEvents(id);

        // What changes between the runs: a commit, a merge, an issue opened and one closed, comments, a run ending.
        List<String> newShas = repo.addCommits(1);
        repo.merge(1);
        int newIssue = repo.openIssue();
        int closed = repo.issues().stream().filter(i -> i.get("state").asText().equals("open"))
                .mapToInt(i -> i.get("number").asInt()).min().orElseThrow();
        repo.closeIssue(closed);
        long issueComment = repo.addIssueComment(newIssue);
        long pullComment = repo.addIssueComment(2);
        long reviewComment = repo.addReviewComment(2);
        ObjectNode running = repo.runs().stream().filter(r -> r.get("status").asText().equals("in_progress")).findFirst().orElseThrow();
        repo.finishRun(running.get("id").asLong(), "success");
        long newRun = repo.addRun("completed", "failure");

        completed(repo.url(), false);

        List<JsonNode> added = since(allEvents(id), before);
        assertExactly(added, new EventKeys.Expected()
                .add("repository_synced", repo.repoId())
                .add("commit_created", newShas.get(0))
                .add("pull_request_merged", repo.pull(1).get("id").asLong())
                .add(GitHubExpectations.pullType(repo.pull(2)), repo.pull(2).get("id").asLong()) // its comments moved its updated_at
                .add("issue_opened", issueId(repo, newIssue))
                .add("issue_closed", issueId(repo, closed))
                .add("issue_comment_created", issueComment)
                .add("review_comment_created", pullComment)
                .add("review_comment_created", reviewComment)
                .add("pipeline_run_synced", running.get("id").asLong())
                .add("pipeline_run_synced", newRun)
                .health());
        added.forEach(e -> assertThat(e.path("sync_mode").asText()).isEqualTo("incremental"));
    }

    private static long issueId(SimulatedRepository repo, int number) {
        return repo.issues().stream().filter(i -> i.get("number").asInt() == number).findFirst().orElseThrow().get("id").asLong();
    }

    @Test
    void teamsTheTokenMayNotReadAndAnUnprotectedBranchLeaveTheRestComplete() {
        SimulatedRepository repo = GITHUB.createRepository("acme", "no-admin").seed(5, 2, 1).seedEverything(2, 0, 0, 2, 2, 1);
        repo.setTeamsReadable(false);
        repo.protect(false);

        JsonNode status = completed(repo.url(), true);
        String id = status.path("repository_id").asText();

        JsonNode resources = status.path("progress").path("resources");
        assertThat(resources.path("teams").path("state").asText()).isEqualTo("skipped");
        assertThat(resources.path("protected_branches").path("state").asText()).isEqualTo("done");
        assertThat(resources.path("protected_branches").path("items").asInt()).isZero();
        assertThat(events("git.contributors", id, "team_synced")).isEmpty();
        assertThat(events("git.repositories", id, "branch_protection_synced")).isEmpty();
        assertThat(events("git.contributors", id, "contributor_synced")).hasSize(repo.contributors().size());
        assertThat(events("git.commits", id)).hasSize(5);
    }
}
