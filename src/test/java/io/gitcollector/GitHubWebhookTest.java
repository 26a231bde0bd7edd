package io.gitcollector;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.simulator.GitHubWebhooks;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.simulator.WebhookDelivery;
import io.gitcollector.support.EventKeys;
import io.gitcollector.support.PlatformWebhookTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * GitHub webhooks: signed deliveries of each collected type land exactly their events (sync_mode webhook, the ids
 * polling gives), a following poll publishes none of them again, and every refusal publishes nothing.
 */
class GitHubWebhookTest extends PlatformWebhookTest {

    @Test
    void signedDeliveriesOfEachTypeLandTheirEventsOnceAndTheNextPollPublishesNoneOfThemAgain() {
        SimulatedRepository repo = GITHUB.createRepository("hooks", "every-type").seed(30, 4, 1).seedEverything(3, 1, 1, 2, 0, 1);
        String id = collect(repo.url(), true).path("repository_id").asText();
        Set<String> before = ids(allEvents(id));

        repo.merge(1);
        long review = repo.addReview(2, "APPROVED");
        long reviewComment = repo.addReviewComment(3);
        int issue = repo.openIssue();
        long issueComment = repo.addIssueComment(issue);
        long run = repo.addRun("completed", "success");
        List<WebhookDelivery> deliveries = List.of(GitHubWebhooks.pullRequest(repo, 1, "closed"),
                GitHubWebhooks.review(repo, 2, review), GitHubWebhooks.reviewComment(repo, 3, reviewComment),
                GitHubWebhooks.issue(repo, issue, "opened"), GitHubWebhooks.issueComment(repo, issue, issueComment),
                GitHubWebhooks.workflowRun(repo, run));
        for (WebhookDelivery delivery : deliveries) {
            HttpResponse<String> answer = deliver(GitHubWebhooks.signed(delivery, GITHUB_WEBHOOK_SECRET));
            assertThat(answer.statusCode()).as(delivery.event() + ": " + answer.body()).isEqualTo(202);
            assertThat(json(answer).path("status").asText()).isEqualTo("accepted");
        }

        List<String> expected = List.of("pull_request_merged:" + repo.pull(1).get("id").asLong(),
                "review_submitted:" + review, "review_comment_created:" + reviewComment,
                "issue_opened:" + repo.issues().stream().filter(i -> i.get("number").asInt() == issue).findFirst().orElseThrow().get("id").asLong(),
                "issue_comment_created:" + issueComment, "pipeline_run_synced:" + run);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> newEvents(id, before).size() >= expected.size());
        List<JsonNode> fromWebhooks = newEvents(id, before);
        assertThat(fromWebhooks).extracting(EventKeys::key).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(fromWebhooks).allSatisfy(e -> assertThat(e.path("sync_mode").asText()).isEqualTo("webhook"));

        JsonNode poll = collect(repo.url(), false);

        assertThat(poll.path("status").asText()).isEqualTo("completed");
        List<JsonNode> all = allEvents(id);
        Set<String> webhookIds = ids(fromWebhooks);
        assertThat(all.stream().filter(e -> webhookIds.contains(e.path("event_id").asText())).count())
                .as("each webhook event once, the poll's own copy deduplicated").isEqualTo(expected.size());
        assertThat(all).extracting(e -> e.path("event_id").asText()).doesNotHaveDuplicates();
    }

    @Test
    void aPushListingTwentyOfTwentyFiveCommitsLandsAllTwentyFiveThroughAFollowUpSync() {
        SimulatedRepository repo = GITHUB.createRepository("hooks", "push").seed(10, 1, 1);
        String id = collect(repo.url(), true).path("repository_id").asText();
        List<String> pushed = repo.addCommits(25);

        WebhookDelivery push = GitHubWebhooks.push(repo, 25);
        assertThat(JsonPayload.commits(push)).hasSize(20);
        HttpResponse<String> answer = deliver(GitHubWebhooks.signed(push, GITHUB_WEBHOOK_SECRET));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> events("git.commits", id).size() == 35);
        assertThat(events("git.commits", id)).extracting(e -> e.path("data").path("sha").asText()).containsAll(pushed)
                .doesNotHaveDuplicates();
    }

    @Test
    void refusedAndIgnoredDeliveriesGetTheirAnswersAndPublishNothing() {
        SimulatedRepository repo = GITHUB.createRepository("hooks", "refusals").seed(5, 2, 1);
        String id = collect(repo.url(), true).path("repository_id").asText();
        Set<String> before = ids(allEvents(id));
        repo.merge(1);
        WebhookDelivery merged = GitHubWebhooks.pullRequest(repo, 1, "closed");

        assertThat(deliver(merged).statusCode()).as("no signature").isEqualTo(401);
        assertThat(deliver(GitHubWebhooks.signed(merged, "not-the-secret")).statusCode()).as("wrong secret").isEqualTo(401);
        WebhookDelivery tampered = new WebhookDelivery(merged.event(), merged.body().clone(), merged.headers());
        tampered.body()[tampered.body().length - 2] ^= 1;
        assertThat(deliver(GitHubWebhooks.signed(merged, GITHUB_WEBHOOK_SECRET).with(GitHubWebhooks.SIGNATURE,
                GitHubWebhooks.signed(tampered, GITHUB_WEBHOOK_SECRET).header(GitHubWebhooks.SIGNATURE))).statusCode())
                .as("a signature of another body").isEqualTo(401);
        HttpResponse<String> notJson = deliver(GitHubWebhooks.signed(GitHubWebhooks.raw("pull_request", "{not json"), GITHUB_WEBHOOK_SECRET));
        assertThat(notJson.statusCode()).as(notJson.body()).isEqualTo(400);
        HttpResponse<String> ping = deliver(GitHubWebhooks.signed(GitHubWebhooks.ping(repo), GITHUB_WEBHOOK_SECRET));
        assertThat(ping.statusCode()).isEqualTo(202);
        assertThat(json(ping).path("status").asText()).isEqualTo("ignored");
        assertThat(json(ping).path("reason").asText()).contains("'ping' is not collected");

        SimulatedRepository unknown = GITHUB.createRepository("hooks", "never-collected").seed(3, 1, 1);
        HttpResponse<String> stranger = deliver(GitHubWebhooks.signed(GitHubWebhooks.pullRequest(unknown, 1, "opened"), GITHUB_WEBHOOK_SECRET));
        assertThat(stranger.statusCode()).isEqualTo(202);
        assertThat(json(stranger).path("status").asText()).isEqualTo("ignored");
        assertThat(json(stranger).path("reason").asText()).contains("not collected here");

        byte[] large = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(large, (byte) ' ');
        large[0] = '{';
        large[large.length - 1] = '}';
        WebhookDelivery oversize = new WebhookDelivery("pull_request", large, merged.headers());
        assertThat(deliver(GitHubWebhooks.signed(oversize, GITHUB_WEBHOOK_SECRET)).statusCode()).isEqualTo(413);

        WebhookDelivery signed = GitHubWebhooks.signed(merged, GITHUB_WEBHOOK_SECRET);
        assertThat(deliver(signed).statusCode()).isEqualTo(202);
        HttpResponse<String> replay = deliver(signed);
        assertThat(replay.statusCode()).as("the same delivery id again").isEqualTo(200);
        assertThat(json(replay).path("status").asText()).isEqualTo("duplicate");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> !newEvents(id, before).isEmpty());
        assertThat(newEvents(id, before)).extracting(EventKeys::key).containsExactly("pull_request_merged:" + repo.pull(1).get("id").asLong());
        // Counted by what became of them; the header of an unsigned request names no series.
        assertThat(metric("git.collector.webhooks?tag=outcome:rejected&tag=reason:signature")).isGreaterThanOrEqualTo(3);
        assertThat(metric("git.collector.webhooks?tag=outcome:rejected&tag=reason:not_json")).isGreaterThanOrEqualTo(1);
        assertThat(metric("git.collector.webhooks?tag=outcome:ignored&tag=event:other")).isGreaterThanOrEqualTo(1);
        assertThat(metric("git.collector.webhooks?tag=outcome:ignored&tag=reason:unknown_repository")).isGreaterThanOrEqualTo(1);
        assertThat(metric("git.collector.webhooks?tag=outcome:duplicate&tag=event:pull_request")).isGreaterThanOrEqualTo(1);
        assertThat(metric("git.collector.webhooks?tag=outcome:accepted&tag=event:pull_request")).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> metric("git.collector.webhook.latency?tag=event:pull_request") >= 1);
    }

    /** The first measurement (a count) of a meter, through /actuator/metrics. */
    private double metric(String nameAndTags) {
        HttpResponse<String> response = get("/actuator/metrics/" + nameAndTags);
        return response.statusCode() == 404 ? 0 : json(response).path("measurements").get(0).path("value").asDouble();
    }

    private HttpResponse<String> deliver(WebhookDelivery delivery) {
        return deliver("github", delivery);
    }

    /** What a delivery's payload lists. */
    private static final class JsonPayload {
        static List<JsonNode> commits(WebhookDelivery delivery) {
            try {
                List<JsonNode> list = new java.util.ArrayList<>();
                JSON.readTree(delivery.body()).path("commits").forEach(list::add);
                return list;
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
