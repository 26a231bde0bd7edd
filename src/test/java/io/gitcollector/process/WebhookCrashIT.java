package io.gitcollector.process;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.simulator.GitHubWebhooks;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.simulator.WebhookDelivery;
import io.gitcollector.support.TestInfrastructure;
import io.gitcollector.support.TopicReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A delivery answered 202 survives the service: the first instance only takes deliveries (webhooks.consumers 0) and
 * is killed with the delivery accepted and not processed; the restarted service publishes its event, once.
 */
class WebhookCrashIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "ghp_webhookCrashTokenThatMustNeverBeLogged";
    private static final String SECRET = "webhook-crash-secret-must-never-be-logged";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aDeliveryAcceptedByAServiceKilledBeforeProcessingItIsPublishedAfterTheRestart() throws Exception {
        TestInfrastructure infra = TestInfrastructure.shared();
        infra.github.requireToken(TOKEN);
        SimulatedRepository repo = infra.github.createRepository("crash", "webhook").seed(20, 3, 1);
        Path dir = Files.createTempDirectory("webhook-crash-it");
        Map<String, String> settings = new HashMap<>(Map.of(
                "collector.kafka.brokers", infra.kafka.bootstrapServers(),
                "collector.redis.url", infra.redis.url(),
                "collector.platforms.github.api-url", infra.github.apiUrl(),
                "collector.platforms.github.token", TOKEN,
                "collector.platforms.github.webhook.secret", SECRET,
                "collector.data-dir", dir.toString(),
                "camel.main.routes-reload-enabled", "false"));
        // Its own consumer groups, and a short session: the killed instance must not hold the partitions of the
        // ITs that run after this one.
        settings.put("collector.jobs.consumer-group", "webhook-crash-it");
        settings.put("collector.jobs.session-timeout", "PT6S");
        Path log = Path.of("target/webhook-crash-service.log");
        String id;
        long pullId;
        Map<String, String> takeOnly = new HashMap<>(settings);
        takeOnly.put("collector.webhooks.consumers", "0");
        try (ServiceProcess first = ServiceProcess.start(takeOnly, log)) {
            id = JSON.readTree(first.post("/api/v1/collect/trigger",
                    "{\"repository_url\":\"" + repo.url() + "\",\"full_sync\":true}").body()).path("repository_id").asText();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                    "completed".equals(JSON.readTree(first.get("/api/v1/collect/status/" + id).body()).path("status").asText()));
            repo.merge(1);
            pullId = repo.pull(1).get("id").asLong();
            WebhookDelivery merged = GitHubWebhooks.signed(GitHubWebhooks.pullRequest(repo, 1, "closed"), SECRET);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(first.url("/api/v1/webhooks/github")))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(merged.body()));
            merged.headers().forEach(request::header);
            HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            assertThat(merged(infra, id, pullId)).as("nothing processed before the kill").isEmpty();
            first.kill();
        }

        try (ServiceProcess second = ServiceProcess.start(settings, log)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !merged(infra, id, pullId).isEmpty());
        }
        List<JsonNode> events = merged(infra, id, pullId);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("sync_mode").asText()).isEqualTo("webhook");
    }

    private static List<JsonNode> merged(TestInfrastructure infra, String id, long pullId) {
        return TopicReader.events(infra.kafka.bootstrapServers(), "git.pull_requests", id).stream()
                .filter(e -> e.path("event_type").asText().equals("pull_request_merged") && e.path("data").path("id").asLong() == pullId)
                .toList();
    }
}
