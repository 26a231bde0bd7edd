package io.gitcollector;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.CollectorIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A scheduled repository's next_sync is the next due time after now, in its status and in the list of scheduled
 * repositories, also while its run is queued or running and the slots it was queued for go by.
 */
class NextSyncIsNeverPastTest extends CollectorIntegrationTest {

    private static final String PATH = "/api/v1/repositories";

    @Test
    void aScheduledRepositoryBusyPastItsSlotsShowsItsNextDueTimeAfterNow() {
        SimulatedRepository repo = GITHUB.createRepository("acme", "next-sync-busy").seed(3, 0, 0);
        repo.faults().holdAfter(0); // its run waits at its first call: queued, then running, while its slots pass
        String id = null;
        try {
            HttpResponse<String> created = send("POST", PATH,
                    "{\"url\":\"" + repo.url() + "\",\"interval\":\"PT1S\",\"full_sync_cron\":\"-\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            id = json(created).path("repository_id").asText();
            String repositoryId = id;

            List<String> seen = new ArrayList<>();
            List<String> past = new ArrayList<>();
            // Watched over three of its 1 s slots after its run started, each answer checked against the time it was asked.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                Instant asked = Instant.now();
                JsonNode status = status(repositoryId);
                JsonNode listed = listed(repositoryId);
                String state = status.path("status").asText();
                seen.add(state);
                for (JsonNode next : List.of(status.path("next_sync"), listed.path("next_sync"))) {
                    if (!next.isTextual() || !Instant.parse(next.asText()).isAfter(asked)) {
                        past.add(state + " at " + asked + ": next_sync " + next);
                    }
                }
                return state.equals("running") && status.path("started_at").isTextual()
                        && Instant.parse(status.path("started_at").asText()).plusSeconds(3).isBefore(asked);
            });

            assertThat(past).as("next_sync never in the past").isEmpty();
            assertThat(seen).contains("running").doesNotContain("completed", "failed");
        } finally {
            repo.faults().release();
            if (id != null) {
                send("DELETE", PATH + "/" + id, null);
            }
        }
    }

    @Test
    void aRepositoryNoLongerScheduledShowsNoNextSyncThoughItsStatusStillHoldsOne() {
        // As a repository of application.yaml leaves it when it is taken out of the file: its status as the last
        // run wrote it, its next run long gone by.
        String id = "repo-" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        redis.opsForHash().putAll(io.gitcollector.state.RedisKeys.status(id), java.util.Map.of("repository_id", id,
                "repository_url", GITHUB.apiUrl() + "/acme/" + id, "platform", "github", "status", "completed",
                "last_sync", "2026-01-01T00:00:00Z", "next_sync", "2026-01-01T01:00:00Z"));

        JsonNode status = status(id);

        assertThat(status.path("status").asText()).isEqualTo("completed");
        assertThat(status.has("next_sync")).isTrue();
        assertThat(status.path("next_sync").isNull()).as(status.toString()).isTrue();
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.data.redis.core.StringRedisTemplate redis;

    private JsonNode listed(String repositoryId) {
        for (JsonNode entry : json(get(PATH)).path("repositories")) {
            if (entry.path("repository_id").asText().equals(repositoryId)) {
                return entry;
            }
        }
        throw new AssertionError(repositoryId + " is not listed");
    }

    private HttpResponse<String> send(String method, String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }
}
