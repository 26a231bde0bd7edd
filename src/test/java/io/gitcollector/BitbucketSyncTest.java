package io.gitcollector;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.simulator.SimulatedBitbucketRepository;
import io.gitcollector.support.EventKeys;
import io.gitcollector.support.PlatformSyncTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every Bitbucket entity of the seed, through a full and then an incremental sync: exact events per topic, all valid. */
class BitbucketSyncTest extends PlatformSyncTest {

    private static final List<String> CLOSED_ISSUE_STATES = List.of("resolved", "invalid", "duplicate", "wontfix", "closed");

    @Test
    void fullThenIncrementalSyncPublishExactlyTheRepositorysEntities() {
        SimulatedBitbucketRepository repo = BITBUCKET.createRepository("acme-ws", "service").seed(75, 9, 2, 8, 2, 12);

        JsonNode full = completed(repo.url(), true);
        String id = full.path("repository_id").asText();
        List<JsonNode> before = allEvents(id);
        assertExactly(before, expected(repo));
        // Every commit read carries its diffstat's line counts: one call per commit.
        assertThat(repo.diffstatCalls()).isEqualTo(repo.commits().size());
        assertStatsFromDiffstat(repo, events("git.commits", id));
        java.time.Instant watermark = repo.commits().stream().map(c -> java.time.OffsetDateTime.parse(c.get("date").asText()).toInstant())
                .max(java.util.Comparator.naturalOrder()).orElseThrow();
        long inOverlap = repo.commits().stream().map(c -> java.time.OffsetDateTime.parse(c.get("date").asText()).toInstant())
                .filter(at -> !at.isBefore(watermark.minusSeconds(60))).count();
        int callsAfterFull = repo.diffstatCalls();

        ObjectNode repositoryBefore = repo.repository();
        List<String> hashes = repo.addCommits(2);
        int open = repo.pullRequests().stream().filter(p -> p.get("state").asText().equals("OPEN"))
                .findFirst().orElseThrow().get("id").asInt();
        repo.merge(open);
        int fresh = repo.openPullRequest();
        repo.approve(fresh, "reviewer-one");
        long comment = repo.addPullRequestComment(fresh);
        int issue = repo.openIssue();
        long issueComment = repo.addIssueComment(issue);
        String running = repo.pipelines().stream().filter(p -> !p.get("state").get("name").asText().equals("COMPLETED"))
                .findFirst().orElseThrow().get("uuid").asText();
        repo.finishPipeline(running, "SUCCESSFUL");
        String newPipeline = repo.addPipeline("FAILED");

        completed(repo.url(), false);

        List<JsonNode> added = since(allEvents(id), before);
        EventKeys.Expected expected = new EventKeys.Expected()
                .addAll("commit_created", hashes)
                .add("pull_request_merged", open)
                .add("pull_request_opened", fresh)
                .add("review_submitted", approvalId(repo, fresh, "reviewer-one"))
                .add("review_comment_created", comment)
                .add("issue_opened", issue)
                .add("issue_comment_created", issueComment)
                .add("pipeline_run_synced", running)
                .add("pipeline_run_synced", newPipeline)
                .health();
        if (!repo.repository().get("updated_on").equals(repositoryBefore.get("updated_on"))) {
            expected.add("repository_synced", repo.repository().get("uuid").asText());
        }
        assertExactly(added, expected);
        added.forEach(e -> assertThat(e.path("sync_mode").asText()).isEqualTo("incremental"));
        // The incremental reads the diffstats of the new commits, of those within the watermark's overlap, and of
        // the first older one, where it stops: not the history.
        assertThat(repo.diffstatCalls() - callsAfterFull).isEqualTo(2 + inOverlap + 1);
        assertStatsFromDiffstat(repo, added.stream().filter(e -> e.path("event_type").asText().equals("commit_created")).toList());
    }

    private static void assertStatsFromDiffstat(SimulatedBitbucketRepository repo, List<JsonNode> commits) {
        assertThat(commits).isNotEmpty().allSatisfy(commit -> {
            List<ObjectNode> files = repo.diffstat(commit.path("data").path("sha").asText());
            int added = files.stream().mapToInt(f -> f.get("lines_added").asInt()).sum();
            int removed = files.stream().mapToInt(f -> f.get("lines_removed").asInt()).sum();
            assertThat(commit.path("data").path("stats").path("additions").asInt()).isEqualTo(added);
            assertThat(commit.path("data").path("stats").path("deletions").asInt()).isEqualTo(removed);
            assertThat(commit.path("data").path("stats").path("total").asInt()).isEqualTo(added + removed);
            assertThat(commit.path("data").path("extra").path("files_changed").asInt()).isEqualTo(files.size());
        });
    }

    @Test
    void aRepositoryWithoutIssueTrackerHasNoIssuesAndCompletes() {
        SimulatedBitbucketRepository repo = BITBUCKET.createRepository("acme-ws", "no-tracker").seed(3, 1, 0, 0, 0, 0);
        repo.setIssueTrackerEnabled(false);

        JsonNode status = completed(repo.url(), true);

        assertThat(status.path("progress").path("resources").path("issues").path("items").asInt()).isZero();
        assertThat(events("git.issues", status.path("repository_id").asText())).isEmpty();
    }

    /** 9 seeded rules on main and release/*, and 120 push rules on hotfix/*: 129 rules on two pages of 100. */
    @Test
    void branchRestrictionsOnMoreThanOnePageAreAllFoldedIntoOneEventPerBranchPattern() {
        SimulatedBitbucketRepository repo = BITBUCKET.createRepository("acme-ws", "many-rules").seed(3, 1, 0, 0, 0, 0);
        repo.addPushRestrictions("hotfix/*", 120);

        String id = completed(repo.url(), true).path("repository_id").asText();

        List<JsonNode> protections = events("git.repositories", id, "branch_protection_synced");
        assertThat(protections).extracting(e -> e.path("data").path("branch").asText())
                .containsExactlyInAnyOrder("main", "release/*", "hotfix/*");
        for (JsonNode protection : protections) {
            String pattern = protection.path("data").path("branch").asText();
            assertThat(protection.path("data").path("rules")).as(pattern)
                    .hasSize((int) repo.branchRestrictions().stream().filter(r -> r.get("pattern").asText().equals(pattern)).count());
        }
    }

    private static String approvalId(SimulatedBitbucketRepository repo, int pullRequest, String nickname) {
        JsonNode approval = repo.activity(pullRequest).stream().filter(a -> a.has("approval")
                && a.get("approval").get("user").get("nickname").asText().equals(nickname)).findFirst().orElseThrow().get("approval");
        return "approved:" + approval.get("user").get("uuid").asText() + ":" + approval.get("date").asText();
    }

    private static EventKeys.Expected expected(SimulatedBitbucketRepository repo) {
        EventKeys.Expected expected = new EventKeys.Expected()
                .add("repository_synced", repo.repository().get("uuid").asText()).health();
        expected.addAll("commit_created", repo.commitHashes());
        for (ObjectNode pr : repo.pullRequests()) {
            int number = pr.get("id").asInt();
            expected.add(switch (pr.get("state").asText()) {
                case "MERGED" -> "pull_request_merged";
                case "DECLINED", "SUPERSEDED" -> "pull_request_closed";
                default -> "pull_request_opened";
            }, number);
            for (JsonNode entry : repo.activity(number)) {
                for (String kind : List.of("approval", "changes_requested")) {
                    if (entry.has(kind)) {
                        JsonNode e = entry.get(kind);
                        expected.add("review_submitted", (kind.equals("approval") ? "approved" : "changes_requested")
                                + ":" + e.get("user").get("uuid").asText() + ":" + e.get("date").asText());
                    }
                }
            }
            repo.pullRequestComments(number).forEach(c -> expected.add("review_comment_created", c.get("id").asLong()));
        }
        for (ObjectNode issue : repo.issues()) {
            boolean closed = CLOSED_ISSUE_STATES.contains(issue.get("state").asText());
            expected.add(closed ? "issue_closed" : "issue_opened", issue.get("id").asInt());
            repo.issueComments(issue.get("id").asInt()).forEach(c -> expected.add("issue_comment_created", c.get("id").asLong()));
        }
        repo.members().forEach(m -> expected.add("contributor_synced", m.get("user").get("nickname").asText()));
        expected.add("team_synced", repo.workspace().get("uuid").asText());
        repo.branchRestrictions().stream().map(r -> r.get("pattern").asText()).distinct()
                .forEach(p -> expected.add("branch_protection_synced", p));
        repo.pipelines().forEach(p -> expected.add("pipeline_run_synced", p.get("uuid").asText()));
        return expected;
    }
}
