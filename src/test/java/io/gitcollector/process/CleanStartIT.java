package io.gitcollector.process;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.TestInfrastructure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a newcomer sees in the log of a clean start and a first collection: one line per platform saying its API URL,
 * how many tokens and what is scheduled; one line for Camel's routes, not one per route; no warning at all.
 */
class CleanStartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "ghp_cleanStartTokenNeverLogged000000001";

    @Test
    void aCleanStartAndFirstCollectionLogNoWarningAndSayWhatEachPlatformUses() throws Exception {
        TestInfrastructure infra = TestInfrastructure.shared();
        infra.github.requireToken(TOKEN);
        SimulatedRepository repo = infra.github.createRepository("clean", "start").seed(5, 2, 1);
        Path log = Path.of("target/clean-start-service.log");
        Files.deleteIfExists(log);
        // Its own jobs topic and group: a job another process test left unacknowledged on the shared broker would
        // otherwise be run here, against a platform this service is not pointed at.
        Map<String, String> settings = Map.of(
                "collector.kafka.jobs-topic", "git.collect.jobs.clean-start-it",
                "collector.jobs.consumer-group", "clean-start-it",
                "collector.kafka.brokers", infra.kafka.bootstrapServers(),
                "collector.redis.url", infra.redis.url(),
                "collector.platforms.github.api-url", infra.github.apiUrl(),
                "collector.repositories[0].url", repo.url(),
                "collector.repositories[0].interval", "PT1H",
                "collector.data-dir", Files.createTempDirectory("clean-start-it").toString());
        try (ServiceProcess service = ServiceProcess.start(settings, Map.of("GITHUB_TOKEN", TOKEN), log)) {
            HttpResponse<String> queued = service.post("/api/v1/collect/trigger",
                    "{\"repository_url\":\"" + repo.url() + "\",\"full_sync\":true}");
            assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
            String id = JSON.readTree(queued.body()).path("repository_id").asText();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                    "completed".equals(JSON.readTree(service.get("/api/v1/collect/status/" + id).body()).path("status").asText()));
            assertThat(service.get("/metrics").statusCode()).isEqualTo(200);
        }

        List<JsonNode> entries = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("{")) {
                entries.add(JSON.readTree(line));
            }
        }
        assertThat(entries).as("log lines").hasSizeGreaterThan(10);
        assertThat(entries).as("warnings and errors of a clean run")
                .filteredOn(e -> List.of("WARN", "ERROR").contains(e.path("log").path("level").asText()))
                .extracting(e -> e.path("log").path("logger").asText() + ": " + e.path("message").asText())
                .isEmpty();
        List<String> messages = entries.stream().map(e -> e.path("message").asText()).toList();
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("Platform github: API " + infra.github.apiUrl() + ", 1 token,")
                .contains("scheduled in application.yaml: [" + repo.url() + " every PT1H]"));
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("Platform gitlab: API ").contains("no token"));
        assertThat(messages).as("one summary line for the routes, none per route")
                .filteredOn(m -> m.matches("\\s*Started [\\w.-]+ \\([a-z-]+:.*\\)")).isEmpty();
        assertThat(messages).filteredOn(m -> m.startsWith("Routes startup (total:")).hasSize(1);
        assertThat(messages).as("no secret").noneMatch(m -> m.contains(TOKEN));
    }
}
