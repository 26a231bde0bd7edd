package io.gitcollector.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.embedded.EmbeddedKafkaBroker;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.EventKeys;
import io.gitcollector.support.GitHubExpectations;
import io.gitcollector.support.TestInfrastructure;
import io.gitcollector.support.TopicReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka broker stopped in the middle of a sync and started again: the run fails without
 * remembering anything Kafka did not acknowledge, and the next run fills the gap, every event once.
 */
class BrokerOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "ghp_outageTestTokenThatMustNeverBeLogged";

    @Test
    void aBrokerStoppedMidSyncLosesNothingAndTheNextRunFillsTheGap() throws Exception {
        TestInfrastructure infra = TestInfrastructure.shared();
        infra.github.requireToken(TOKEN);
        SimulatedRepository repo = infra.github.createRepository("outage", "broker").seed(450, 30, 2).seedEverything(10, 1, 1, 3, 1, 5);
        Path dir = Files.createTempDirectory("outage-it");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0);
        String brokers = broker.bootstrapServers();
        int port = Integer.parseInt(brokers.substring(brokers.lastIndexOf(':') + 1));
        Map<String, String> settings = Map.of(
                "collector.kafka.brokers", brokers,
                "collector.redis.url", infra.redis.url(),
                "collector.platforms.github.api-url", infra.github.apiUrl(),
                "collector.platforms.github.token", TOKEN,
                "collector.data-dir", dir.resolve("service").toString(),
                "collector.kafka.delivery-timeout", "PT10S",
                "camel.main.routes-reload-enabled", "false");
        repo.faults().holdAfter(4); // the repository, three pages of commits; then the API holds (the fourth, asked ahead)

        try (ServiceProcess service = ServiceProcess.start(settings, Path.of("target/broker-outage-service.log"))) {
            String id = JSON.readTree(service.post("/api/v1/collect/trigger",
                    "{\"repository_url\":\"" + repo.url() + "\",\"full_sync\":true}").body()).path("repository_id").asText();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                    status(service, id).path("progress").path("resources").path("commits").path("pages").asInt() >= 3);

            broker.close();
            repo.faults().release();
            JsonNode failed = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> status(service, id), s -> "failed".equals(s.path("status").asText()));
            assertThat(failed.path("last_error").asText()).containsIgnoringCase("publish");

            broker = EmbeddedKafkaBroker.start(dir, port);
            int beforeRetry = events(brokers, id).size();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                    service.post("/api/v1/collect/trigger", "{\"repository_url\":\"" + repo.url() + "\",\"full_sync\":true}")
                            .statusCode() == 202);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "completed".equals(status(service, id).path("status").asText()));

            List<JsonNode> events = events(brokers, id);
            Set<String> ids = new HashSet<>();
            long duplicates = events.stream().filter(e -> !ids.add(e.path("event_id").asText())).count();
            assertThat(duplicates).as("events published twice").isZero();
            assertThat(EventKeys.keys(events)).containsExactlyInAnyOrderElementsOf(GitHubExpectations.fullSync(repo).list());
            System.out.printf("BENCHMARK broker outage: %d events before the outage ended, %d after the next run, 0 duplicates%n",
                    beforeRetry, events.size());
        } finally {
            broker.close();
        }
    }

    private static JsonNode status(ServiceProcess service, String id) throws Exception {
        return JSON.readTree(service.get("/api/v1/collect/status/" + id).body());
    }

    private static List<JsonNode> events(String brokers, String id) {
        List<JsonNode> all = new java.util.ArrayList<>();
        for (String topic : List.of("git.repositories", "git.commits", "git.pull_requests", "git.issues", "git.contributors", "git.pipelines")) {
            all.addAll(TopicReader.events(brokers, topic, id));
        }
        return all;
    }
}
