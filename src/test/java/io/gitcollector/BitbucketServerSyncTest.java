package io.gitcollector;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.simulator.SimulatedBitbucketServerRepository;
import io.gitcollector.support.EventKeys;
import io.gitcollector.support.PlatformSyncTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bitbucket Data Center, a platform added as one YAML file (routes/bitbucket-server.yaml): every entity of a
 * seeded repository through a full and then an incremental sync, exact events per topic, all valid; the
 * incremental run reads the newest-first lists only to the watermark, and activities only of the pull
 * requests that changed.
 */
class BitbucketServerSyncTest extends PlatformSyncTest {

    private static final List<String> REVIEW_ACTIONS = List.of("APPROVED", "REVIEWED", "UNAPPROVED");

    @Test
    void fullThenIncrementalSyncPublishExactlyTheRepositorysEntities() {
        // 130 commits: two pages of 100 in a full run.
        SimulatedBitbucketServerRepository repo = BITBUCKET_SERVER.createRepository("PRJ", "service").seed(130, 9);
        String api = "/rest/api/1.0/projects/PRJ/repos/service";
        long commitCalls = BITBUCKET_SERVER.requestsTo(api + "/commits");
        long activityCalls = BITBUCKET_SERVER.requestsTo(api + "/pull-requests/");

        JsonNode full = completed(repo.url(), true);
        String id = full.path("repository_id").asText();
        List<JsonNode> before = allEvents(id);
        assertExactly(before, expected(repo));
        assertThat(BITBUCKET_SERVER.requestsTo(api + "/commits") - commitCalls).isEqualTo(2);
        // Two resources (reviews, comments) read each pull request's activities.
        assertThat(BITBUCKET_SERVER.requestsTo(api + "/pull-requests/") - activityCalls).isEqualTo(2 * 9);
        assertThat(before).allSatisfy(e -> assertThat(e.path("sync_mode").asText()).isEqualTo("full"));

        JsonNode newest = repo.commits().get(0);
        JsonNode commit = event(before, "commit_created", newest.get("id").asText());
        assertThat(commit.path("data").path("committed_at").asText())
                .isEqualTo(Instant.ofEpochMilli(newest.get("committerTimestamp").asLong()).toString());
        assertThat(commit.path("data").path("parents").get(0).asText()).isEqualTo(repo.commits().get(1).get("id").asText());
        JsonNode repository = event(before, "repository_synced", String.valueOf(repo.repository().get("id").asInt()));
        assertThat(repository.path("data").path("full_name").asText()).isEqualTo("PRJ/service");
        assertThat(repository.path("data").path("url").asText()).isEqualTo(repo.url());
        assertThat(repository.path("data").path("default_branch").asText()).isEqualTo("main");
        assertThat(event(before, "pull_request_closed", "5").path("data").path("state").asText()).isEqualTo("closed");

        long commitCallsBefore = BITBUCKET_SERVER.requestsTo(api + "/commits");
        long activityCallsBefore = BITBUCKET_SERVER.requestsTo(api + "/pull-requests/");
        List<String> ids = repo.addCommits(2);
        // Pull request 9 (merged) was the last one updated: a comment on it moves it past the watermark.
        long onMerged = repo.addComment(9, "zura");
        long comment = repo.addComment(8, "zura");
        long reply = repo.reply(8, comment, "shimura");
        long needsWork = repo.needsWork(8, "sougo");
        repo.merge(7);
        int fresh = repo.openPullRequest();
        long approval = repo.approve(fresh, "jcitizen");

        completed(repo.url(), false);

        List<JsonNode> added = since(allEvents(id), before);
        assertExactly(added, new EventKeys.Expected()
                .addAll("commit_created", ids)
                .add("pull_request_merged", 9)
                .add("review_comment_created", onMerged)
                .add("pull_request_opened", 8)
                .add("review_comment_created", comment)
                .add("review_comment_created", reply)
                .add("review_submitted", needsWork)
                .add("pull_request_merged", 7)
                .add("pull_request_opened", fresh)
                .add("review_submitted", approval)
                .health());
        assertThat(added).allSatisfy(e -> assertThat(e.path("sync_mode").asText()).isEqualTo("incremental"));
        assertThat(event(added, "review_submitted", String.valueOf(needsWork)).path("data").path("state").asText())
                .isEqualTo("changes_requested");
        assertThat(event(added, "review_comment_created", String.valueOf(reply)).path("data").path("parent_number").asInt())
                .isEqualTo(8);
        // The newest-first lists end at the watermark: one page of commits; activities of the four changed pull requests.
        assertThat(BITBUCKET_SERVER.requestsTo(api + "/commits") - commitCallsBefore).isEqualTo(1);
        assertThat(BITBUCKET_SERVER.requestsTo(api + "/pull-requests/") - activityCallsBefore).isEqualTo(2 * 4);
    }

    @Test
    void aPersonalRepositoryIsNamedByItsTildeKey() {
        SimulatedBitbucketServerRepository repo = BITBUCKET_SERVER.createRepository("~jcitizen", "scratch").seed(3, 1);

        JsonNode status = completed(repo.url(), true);

        List<JsonNode> events = allEvents(status.path("repository_id").asText());
        assertExactly(events, expected(repo));
        JsonNode repository = event(events, "repository_synced", String.valueOf(repo.repository().get("id").asInt()));
        assertThat(repository.path("data").path("owner").asText()).isEqualTo("~jcitizen");
        assertThat(repository.path("data").path("extra").path("project_type").asText()).isEqualTo("PERSONAL");
    }

    private static JsonNode event(List<JsonNode> events, String type, String identity) {
        return events.stream().filter(e -> EventKeys.key(e).equals(EventKeys.key(type, identity))).findFirst().orElseThrow();
    }

    private static EventKeys.Expected expected(SimulatedBitbucketServerRepository repo) {
        EventKeys.Expected expected = new EventKeys.Expected().add("repository_synced", repo.repository().get("id").asInt()).health();
        repo.commits().forEach(c -> expected.add("commit_created", c.get("id").asText()));
        for (ObjectNode pr : repo.pullRequests()) {
            int number = pr.get("id").asInt();
            expected.add(switch (pr.get("state").asText()) {
                case "MERGED" -> "pull_request_merged";
                case "DECLINED" -> "pull_request_closed";
                default -> "pull_request_opened";
            }, number);
            for (JsonNode activity : repo.activities(number)) {
                if (REVIEW_ACTIONS.contains(activity.get("action").asText())) {
                    expected.add("review_submitted", activity.get("id").asLong());
                } else if (activity.get("action").asText().equals("COMMENTED")) {
                    expected.add("review_comment_created", activity.get("comment").get("id").asLong());
                }
            }
        }
        return expected;
    }
}
