package io.gitcollector;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.simulator.BitbucketWebhooks;
import io.gitcollector.simulator.SimulatedBitbucketRepository;
import io.gitcollector.simulator.WebhookDelivery;
import io.gitcollector.support.EventKeys;
import io.gitcollector.support.PlatformWebhookTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bitbucket webhooks: a pull request, an approval and an issue map to the events polling gives (same ids, sync_mode
 * webhook); a truncated push and a comment land through a follow-up sync; a bad signature is refused.
 */
class BitbucketWebhookTest extends PlatformWebhookTest {

    @Test
    void pullRequestApprovalAndIssueDeliveriesLandTheirEventsOnceAndTheNextPollPublishesNoneOfThemAgain() {
        SimulatedBitbucketRepository repo = BITBUCKET.createRepository("hooks-ws", "mapped").seed(12, 3, 1, 2, 1, 1);
        String id = completed(repo.url(), true).path("repository_id").asText();
        Set<String> before = ids(allEvents(id));

        int open = repo.pullRequests().stream().filter(p -> p.get("state").asText().equals("OPEN"))
                .findFirst().orElseThrow().get("id").asInt();
        repo.merge(open);
        WebhookDelivery merged = BitbucketWebhooks.pullRequest(repo, open, "pullrequest:fulfilled");
        int fresh = repo.openPullRequest();
        WebhookDelivery created = BitbucketWebhooks.pullRequest(repo, fresh, "pullrequest:created");
        repo.approve(fresh, "reviewer-one");
        WebhookDelivery approved = BitbucketWebhooks.approval(repo, fresh, "reviewer-one");
        int issue = repo.openIssue();
        WebhookDelivery issueCreated = BitbucketWebhooks.issue(repo, issue, "issue:created");
        for (WebhookDelivery delivery : List.of(merged, created, approved, issueCreated)) {
            var answer = deliver("bitbucket", BitbucketWebhooks.signed(delivery, BITBUCKET_WEBHOOK_SECRET));
            assertThat(answer.statusCode()).as(delivery.event() + ": " + answer.body()).isEqualTo(202);
            assertThat(json(answer).path("status").asText()).isEqualTo("accepted");
        }

        List<String> expected = List.of("pull_request_merged:" + open, "pull_request_opened:" + fresh,
                "review_submitted:" + approvalId(repo, fresh, "reviewer-one"), "issue_opened:" + issue);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> newEvents(id, before).size() >= expected.size());
        List<JsonNode> fromWebhooks = newEvents(id, before);
        assertThat(fromWebhooks).extracting(EventKeys::key).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(fromWebhooks).allSatisfy(e -> assertThat(e.path("sync_mode").asText()).isEqualTo("webhook"));

        completed(repo.url(), false);

        Set<String> webhookIds = ids(fromWebhooks);
        List<JsonNode> all = allEvents(id);
        assertThat(all.stream().filter(e -> webhookIds.contains(e.path("event_id").asText())).count()).isEqualTo(expected.size());
        assertThat(all).extracting(e -> e.path("event_id").asText()).doesNotHaveDuplicates();
    }

    @Test
    void aTruncatedPushAndAPullRequestCommentLandThroughAFollowUpSync() {
        SimulatedBitbucketRepository repo = BITBUCKET.createRepository("hooks-ws", "follow-up").seed(6, 1, 0, 0, 0, 0);
        String id = completed(repo.url(), true).path("repository_id").asText();
        List<String> pushed = repo.addCommits(7);
        int pullRequest = repo.pullRequestIds().get(0);
        long comment = repo.addPullRequestComment(pullRequest);

        WebhookDelivery push = BitbucketWebhooks.push(repo, 7);
        var answer = deliver("bitbucket", BitbucketWebhooks.signed(push, BITBUCKET_WEBHOOK_SECRET));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(deliver("bitbucket", BitbucketWebhooks.signed(BitbucketWebhooks.pullRequestComment(repo, pullRequest, comment),
                BITBUCKET_WEBHOOK_SECRET)).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> events("git.commits", id).size() == 13
                        && events("git.pull_requests", id, "review_comment_created").size() == 1);
        assertThat(events("git.commits", id)).extracting(e -> e.path("data").path("sha").asText()).containsAll(pushed)
                .doesNotHaveDuplicates();
        assertThat(events("git.pull_requests", id, "review_comment_created").get(0).path("data").path("id").asLong())
                .isEqualTo(comment);
    }

    @Test
    void aDeliverySignedWithAnotherSecretIsRefusedAndPublishesNothing() {
        SimulatedBitbucketRepository repo = BITBUCKET.createRepository("hooks-ws", "refused").seed(3, 1, 0, 0, 0, 0);
        String id = completed(repo.url(), true).path("repository_id").asText();
        Set<String> before = ids(allEvents(id));
        int fresh = repo.openPullRequest();

        var answer = deliver("bitbucket", BitbucketWebhooks.signed(BitbucketWebhooks.pullRequest(repo, fresh, "pullrequest:created"),
                "another-secret"));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(newEvents(id, before)).isEmpty();
    }

    private static String approvalId(SimulatedBitbucketRepository repo, int pullRequest, String nickname) {
        JsonNode approval = repo.activity(pullRequest).stream().filter(a -> a.has("approval")
                && a.get("approval").get("user").get("nickname").asText().equals(nickname)).findFirst().orElseThrow().get("approval");
        return "approved:" + approval.get("user").get("uuid").asText() + ":" + approval.get("date").asText();
    }
}
