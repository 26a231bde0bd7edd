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
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.EventKeys;
import io.gitcollector.support.GitHubExpectations;
import io.gitcollector.support.TestInfrastructure;
import io.gitcollector.support.TopicReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged service, killed with SIGKILL in the middle of a full sync and started again: the job
 * was not acknowledged, so the new process takes it once the dead one's lock expires, and every
 * event lands exactly once — the pages published before the kill are not published again.
 */
class CrashRecoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "ghp_crashTestTokenThatMustNeverBeLogged1";

    @Test
    void aServiceKilledMidSyncCompletesTheSyncAfterARestartWithEveryEventOnce() throws Exception {
        TestInfrastructure infra = TestInfrastructure.shared();
        infra.github.requireToken(TOKEN);
        SimulatedRepository repo = infra.github.createRepository("crash", "mid-sync").seed(450, 40, 2).seedEverything(10, 1, 1, 3, 1, 5);
        Path dir = Files.createTempDirectory("crash-it");
        Map<String, String> settings = Map.of(
                "collector.kafka.brokers", infra.kafka.bootstrapServers(),
                "collector.redis.url", infra.redis.url(),
                "collector.platforms.github.api-url", infra.github.apiUrl(),
                "collector.platforms.github.token", TOKEN,
                "collector.data-dir", dir.toString(),
                "collector.jobs.lock-ttl", "PT5S",
                "collector.jobs.session-timeout", "PT6S",
                "camel.main.routes-reload-enabled", "false");
        Path log = Path.of("target/crash-recovery-service.log");

        // The repository and three pages of commits pass; then the API holds every call (the fourth page, asked
        // ahead), so the kill comes while nothing is being published.
        repo.faults().holdAfter(4);
        String id;
        try (ServiceProcess first = ServiceProcess.start(settings, log)) {
            id = JSON.readTree(first.post("/api/v1/collect/trigger",
                    "{\"repository_url\":\"" + repo.url() + "\",\"full_sync\":true}").body()).path("repository_id").asText();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                    JSON.readTree(first.get("/api/v1/collect/status/" + id).body())
                            .path("progress").path("resources").path("commits").path("pages").asInt() >= 3);
            first.kill();
        }
        int beforeRestart = events(infra, id).size();
        assertThat(beforeRestart).as("some events were published before the kill").isGreaterThanOrEqualTo(300);
        repo.faults().release();

        try (ServiceProcess second = ServiceProcess.start(settings, log)) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() ->
                    "completed".equals(JSON.readTree(second.get("/api/v1/collect/status/" + id).body()).path("status").asText()));
        }

        List<JsonNode> events = events(infra, id);
        Set<String> ids = new HashSet<>();
        long duplicates = events.stream().filter(e -> !ids.add(e.path("event_id").asText())).count();
        assertThat(duplicates).as("events published twice").isZero();
        assertThat(EventKeys.keys(events)).containsExactlyInAnyOrderElementsOf(GitHubExpectations.fullSync(repo).list());
        System.out.printf("BENCHMARK crash recovery: %d events before the kill, %d after the restart, %d expected, 0 duplicates%n",
                beforeRestart, events.size(), ids.size());
    }

    private static List<JsonNode> events(TestInfrastructure infra, String id) {
        List<JsonNode> all = new java.util.ArrayList<>();
        for (String topic : List.of("git.repositories", "git.commits", "git.pull_requests", "git.issues", "git.contributors", "git.pipelines")) {
            all.addAll(TopicReader.events(infra.kafka.bootstrapServers(), topic, id));
        }
        return all;
    }
}
