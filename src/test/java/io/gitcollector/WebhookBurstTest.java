package io.gitcollector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.simulator.GitHubWebhooks;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.simulator.WebhookDelivery;
import io.gitcollector.support.PlatformWebhookTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A burst of 1,000 signed deliveries from 8 senders: every one is accepted and lands its event exactly once. Prints
 * the deliveries accepted per second and the latency from sending a delivery to its event's envelope timestamp, under
 * the burst and for deliveries sent one after another (the closing note's figures; not asserted, the machine's speed
 * varies).
 */
class WebhookBurstTest extends PlatformWebhookTest {

    private static final int BURST = 1_000;

    @Test
    void deliveriesSentOneAfterAnotherLandWithTheirLatencyPrinted() throws Exception {
        SimulatedRepository repo = GITHUB.createRepository("hooks", "one-by-one").seed(5, 1, 1).seedEverything(1, 0, 0, 1, 0, 0);
        String id = completed(repo.url(), true).path("repository_id").asText();
        int issue = repo.issues().get(0).get("number").asInt();
        List<Long> comments = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            comments.add(repo.addIssueComment(issue));
        }
        Map<Long, Instant> sentAt = new ConcurrentHashMap<>();
        for (long comment : comments) {
            WebhookDelivery delivery = GitHubWebhooks.signed(GitHubWebhooks.issueComment(repo, issue, comment), GITHUB_WEBHOOK_SECRET);
            sentAt.put(comment, Instant.now());
            assertThat(deliver("github", delivery).statusCode()).isEqualTo(202);
        }
        List<JsonNode> landed = awaitLanded(id, comments);
        System.out.printf("BENCHMARK webhooks one after another: %d deliveries; delivery to event latency %s%n",
                comments.size(), latencies(landed, sentAt));
    }

    @Test
    void aBurstOfAThousandDeliveriesIsAcceptedAndLandsEachEventOnce() throws Exception {
        SimulatedRepository repo = GITHUB.createRepository("hooks", "burst").seed(5, 1, 1).seedEverything(1, 0, 0, 1, 0, 0);
        String id = completed(repo.url(), true).path("repository_id").asText();
        int issue = repo.issues().get(0).get("number").asInt();
        List<Long> comments = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            comments.add(repo.addIssueComment(issue));
        }
        List<WebhookDelivery> deliveries = comments.stream()
                .map(c -> GitHubWebhooks.signed(GitHubWebhooks.issueComment(repo, issue, c), GITHUB_WEBHOOK_SECRET)).toList();
        Map<Long, Instant> sentAt = new ConcurrentHashMap<>();

        ExecutorService senders = Executors.newFixedThreadPool(8);
        long start = System.nanoTime();
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            long comment = comments.get(i);
            WebhookDelivery delivery = deliveries.get(i);
            answers.add(senders.submit(() -> {
                sentAt.put(comment, Instant.now());
                return deliver("github", delivery).statusCode();
            }));
        }
        for (Future<Integer> answer : answers) {
            assertThat(answer.get()).isEqualTo(202);
        }
        double acceptSeconds = (System.nanoTime() - start) / 1e9;
        senders.shutdown();

        List<JsonNode> landed = awaitLanded(id, comments);
        System.out.printf("BENCHMARK webhooks burst: %,d deliveries accepted in %.2f s = %,.0f/s from 8 senders; delivery to "
                + "event latency %s%n", BURST, acceptSeconds, BURST / acceptSeconds, latencies(landed, sentAt));
    }

    /** Waits (bounded) for each comment's event, and checks each landed once, from its webhook. */
    private List<JsonNode> awaitLanded(String id, List<Long> comments) {
        java.util.Set<Long> wanted = new java.util.HashSet<>(comments);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> events("git.issues", id,
                "issue_comment_created").stream().filter(e -> wanted.contains(e.path("data").path("id").asLong())).count() >= wanted.size());
        List<JsonNode> landed = events("git.issues", id, "issue_comment_created").stream()
                .filter(e -> wanted.contains(e.path("data").path("id").asLong())).toList();
        assertThat(landed).hasSize(wanted.size());
        assertThat(landed).extracting(e -> e.path("event_id").asText()).doesNotHaveDuplicates();
        assertThat(landed).allSatisfy(e -> assertThat(e.path("sync_mode").asText()).isEqualTo("webhook"));
        return landed;
    }

    private static String latencies(List<JsonNode> landed, Map<Long, Instant> sentAt) {
        List<Long> millis = new ArrayList<>();
        for (JsonNode event : landed) {
            Instant sent = sentAt.get(event.path("data").path("id").asLong());
            millis.add(Duration.between(sent, Instant.parse(event.path("timestamp").asText())).toMillis());
        }
        millis.sort(Long::compare);
        return String.format("median %d ms, p99 %d ms, max %d ms", millis.get(millis.size() / 2),
                millis.get((int) Math.ceil(millis.size() * 0.99) - 1), millis.get(millis.size() - 1));
    }
}
