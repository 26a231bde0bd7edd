package io.gitcollector;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.simulator.GitLabWebhooks;
import io.gitcollector.simulator.SimulatedGitLabProject;
import io.gitcollector.simulator.WebhookDelivery;
import io.gitcollector.support.EventKeys;
import io.gitcollector.support.PlatformWebhookTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * GitLab webhooks: each listed hook asks for an incremental sync (GitLab's payloads give times to the second and
 * people by id, so they are not mapped), which lands exactly what changed, once; a wrong token is refused.
 */
class GitLabWebhookTest extends PlatformWebhookTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.data.redis.core.StringRedisTemplate redis;

    @Test
    void eachHookTypeLandsExactlyWhatChangedThroughOneFollowUpSync() {
        SimulatedGitLabProject project = GITLAB.createProject("hooks/group/every-hook").seed(8, 3, 1, 2, 1, 2);
        String id = completed(project.url(), true).path("repository_id").asText();
        List<JsonNode> before = allEvents(id);

        List<String> shas = project.addCommits(25);
        int open = project.mergeRequests().stream().filter(m -> m.get("state").asText().equals("opened"))
                .findFirst().orElseThrow().get("iid").asInt();
        project.merge(open);
        long note = project.addMergeRequestNote(open);
        int issue = project.openIssue();
        long pipeline = project.addPipeline("failed");
        List<WebhookDelivery> deliveries = List.of(GitLabWebhooks.push(project), GitLabWebhooks.mergeRequest(project, open, "merge"),
                GitLabWebhooks.note(project, open, note), GitLabWebhooks.issue(project, issue, "open"),
                GitLabWebhooks.pipeline(project, pipeline));
        for (WebhookDelivery delivery : deliveries) {
            var answer = deliver("gitlab", GitLabWebhooks.signed(delivery, GITLAB_WEBHOOK_SECRET));
            assertThat(answer.statusCode()).as(delivery.event() + ": " + answer.body()).isEqualTo(202);
        }

        EventKeys.Expected expected = new EventKeys.Expected()
                .addAll("commit_created", shas)
                .add("pull_request_merged", project.mergeRequest(open).get("id").asLong())
                .add("review_comment_created", note)
                .add("issue_opened", project.issue(issue).get("id").asLong())
                .add("pipeline_run_synced", pipeline)
                .add("repository_synced", project.id())
                .health();
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
                .until(() -> EventKeys.keys(since(allEvents(id), before)).containsAll(expected.list()));
        // The hooks that came while the first follow-up ran asked for one more, later: it finds nothing new.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> idleAfterFollowUps(id));
        assertExactly(since(allEvents(id), before), expected);
    }

    @Test
    void aWrongTokenIsRefusedAndQueuesNothing() {
        SimulatedGitLabProject project = GITLAB.createProject("hooks/group/refused").seed(3, 1, 0, 0, 0, 0);
        completed(project.url(), true);

        var answer = deliver("gitlab", GitLabWebhooks.signed(GitLabWebhooks.push(project), "not-the-token"));
        var missing = deliver("gitlab", GitLabWebhooks.push(project));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(json(answer).path("message").asText()).contains("X-Gitlab-Token").doesNotContain(GITLAB_WEBHOOK_SECRET);
    }

    /** No run queued or running, and no follow-up waiting for its time. */
    private boolean idleAfterFollowUps(String id) {
        var waiting = redis.opsForZSet().range("git:delayed_jobs", 0, -1);
        return status(id).path("status").asText().equals("completed")
                && (waiting == null || waiting.stream().noneMatch(job -> job.contains(id)));
    }
}
