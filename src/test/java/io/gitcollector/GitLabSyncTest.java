package io.gitcollector;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.simulator.SimulatedGitLabProject;
import io.gitcollector.support.EventKeys;
import io.gitcollector.support.PlatformSyncTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every GitLab entity of the seed, through a full and then an incremental sync: exact events per topic, all valid. */
class GitLabSyncTest extends PlatformSyncTest {

    @Test
    void fullThenIncrementalSyncPublishExactlyTheProjectsEntities() {
        // A project in a sub-group: addressed by its URL-encoded path.
        SimulatedGitLabProject project = GITLAB.createProject("acme/platform/backend").seed(45, 9, 2, 6, 2, 8);

        String id = completed(project.url(), true).path("repository_id").asText();
        List<JsonNode> before = allEvents(id);
        assertExactly(before, expected(project));
        // Every commit carries its line counts, read with the list (with_stats) at no extra call.
        Map<String, JsonNode> stats = new java.util.HashMap<>();
        project.commits().forEach(c -> stats.put(c.get("id").asText(), c.get("stats")));
        List<JsonNode> commits = events("git.commits", id);
        assertThat(commits).hasSize(45);
        for (JsonNode commit : commits) {
            JsonNode expected = stats.get(commit.path("data").path("sha").asText());
            assertThat(commit.path("data").path("stats")).as(commit.path("data").path("sha").asText()).isEqualTo(expected);
        }

        ObjectNode projectBefore = project.project();
        List<String> shas = project.addCommits(1);
        int open = openMergeRequest(project);
        project.merge(open);
        int approved = project.openMergeRequest();
        project.approve(approved, "reviewer-one");
        long mrNote = project.addMergeRequestNote(approved);
        int issue = project.openIssue();
        long issueNote = project.addIssueNote(issue);
        long running = project.pipelines().stream().filter(p -> p.get("status").asText().equals("running"))
                .findFirst().orElseThrow().get("id").asLong();
        project.finishPipeline(running, "success");
        long newPipeline = project.addPipeline("failed");

        completed(project.url(), false);

        List<JsonNode> added = since(allEvents(id), before);
        EventKeys.Expected expected = new EventKeys.Expected()
                .add("commit_created", shas.get(0))
                .add("pull_request_merged", project.mergeRequest(open).get("id").asLong())
                .add("pull_request_opened", project.mergeRequest(approved).get("id").asLong())
                .add("review_submitted", approved + ":reviewer-one")
                .add("review_comment_created", mrNote)
                .add("issue_opened", project.issue(issue).get("id").asLong())
                .add("issue_comment_created", issueNote)
                .add("pipeline_run_synced", running)
                .add("pipeline_run_synced", newPipeline)
                .health();
        if (!project.project().equals(projectBefore)) { // a push moves last_activity_at, an issue the open count
            expected.add("repository_synced", project.id());
        }
        assertExactly(added, expected);
        added.forEach(e -> assertThat(e.path("sync_mode").asText()).isEqualTo("incremental"));
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.gitcollector.state.WatermarkStore watermarks;

    /**
     * A backfill of issues between two times, on a project never collected: exactly the issues updated in that
     * window and their notes, nothing of the other resources (no call to them), and no watermark moved.
     */
    @org.junit.jupiter.api.Test
    void aBackfillReadsOnlyItsWindowOfTheNamedResourcesAndMovesNoWatermark() {
        SimulatedGitLabProject project = GITLAB.createProject("backfill/window").seed(6, 2, 1, 10, 2, 2);
        List<ObjectNode> byUpdate = project.issues().stream()
                .sorted(java.util.Comparator.comparing(i -> java.time.OffsetDateTime.parse(i.get("updated_at").asText()).toInstant()))
                .toList();
        String since = java.time.OffsetDateTime.parse(byUpdate.get(3).get("updated_at").asText()).toInstant().toString();
        String until = java.time.OffsetDateTime.parse(byUpdate.get(6).get("updated_at").asText()).toInstant().toString();

        var answer = post("/api/v1/collect/trigger", "{\"repository_url\": \"" + project.url() + "\", \"since\": \"" + since
                + "\", \"until\": \"" + until + "\", \"resources\": [\"issues\"]}");
        assertThat(answer.statusCode()).isEqualTo(202);
        JsonNode queued = json(answer);
        assertThat(queued.path("message").asText()).isEqualTo("backfill (incremental) collection queued");
        assertThat(queued.path("backfill").path("resources").get(0).asText()).isEqualTo("issues");
        String id = queued.path("repository_id").asText();
        JsonNode status = awaitFinished(id);
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("completed");

        EventKeys.Expected expected = new EventKeys.Expected().health();
        for (ObjectNode issue : byUpdate.subList(3, 7)) {
            expected.add(issue.get("state").asText().equals("closed") ? "issue_closed" : "issue_opened", issue.get("id").asLong());
            project.issueNotes(issue.get("iid").asInt()).stream().filter(n -> !n.get("system").asBoolean())
                    .forEach(n -> expected.add("issue_comment_created", n.get("id").asLong()));
        }
        assertExactly(allEvents(id), expected);
        assertThat(GITLAB.requestsTo("backfill/window/repository/commits")).isZero();
        assertThat(GITLAB.requestsTo("backfill/window/merge_requests")).isZero();
        assertThat(watermarks.get(id, "issues")).isEmpty();
    }

    /** Three protected branches (main, release/*, and one added): three events, one per branch, with its rules. */
    @org.junit.jupiter.api.Test
    void everyProtectedBranchIsOneEvent() {
        SimulatedGitLabProject project = GITLAB.createProject("protect/three").seed(3, 1, 0, 0, 0, 0);
        project.addProtectedBranch("stable");

        String id = completed(project.url(), true).path("repository_id").asText();

        assertThat(events("git.repositories", id, "branch_protection_synced"))
                .extracting(e -> e.path("data").path("branch").asText())
                .containsExactlyInAnyOrder("main", "release/*", "stable");
    }

    private static int openMergeRequest(SimulatedGitLabProject project) {
        return project.mergeRequests().stream().filter(m -> m.get("state").asText().equals("opened"))
                .findFirst().orElseThrow().get("iid").asInt();
    }

    private static EventKeys.Expected expected(SimulatedGitLabProject project) {
        EventKeys.Expected expected = new EventKeys.Expected().add("repository_synced", project.id()).health();
        expected.addAll("commit_created", project.commitShas());
        for (ObjectNode mr : project.mergeRequests()) {
            int iid = mr.get("iid").asInt();
            expected.add(switch (mr.get("state").asText()) {
                case "merged" -> "pull_request_merged";
                case "closed" -> "pull_request_closed";
                default -> "pull_request_opened";
            }, mr.get("id").asLong());
            project.approvals(iid).get("approved_by").forEach(a -> expected.add("review_submitted",
                    iid + ":" + a.get("user").get("username").asText()));
            project.mergeRequestNotes(iid).stream().filter(n -> !n.get("system").asBoolean())
                    .forEach(n -> expected.add("review_comment_created", n.get("id").asLong()));
        }
        for (ObjectNode issue : project.issues()) {
            expected.add(issue.get("state").asText().equals("closed") ? "issue_closed" : "issue_opened", issue.get("id").asLong());
            project.issueNotes(issue.get("iid").asInt()).stream().filter(n -> !n.get("system").asBoolean())
                    .forEach(n -> expected.add("issue_comment_created", n.get("id").asLong()));
        }
        project.members().forEach(m -> expected.add("contributor_synced", m.get("username").asText()));
        project.groups().forEach(g -> expected.add("team_synced", g.get("id").asLong()));
        project.protectedBranches().forEach(b -> expected.add("branch_protection_synced", b.get("name").asText()));
        project.pipelines().forEach(p -> expected.add("pipeline_run_synced", p.get("id").asLong()));
        return expected;
    }
}
