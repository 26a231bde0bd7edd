package io.gitcollector;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.CollectorIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 500 triggers at once, for 500 repositories: each is answered promptly (the trigger only queues),
 * every collection completes with its events, and the collector's threads stay bounded by its
 * concurrency setting rather than growing with the queue. Prints the figures.
 */
class TriggerBurstTest extends CollectorIntegrationTest {

    private static final int REPOSITORIES = 500;
    private static final int CALLERS = 16;

    @org.springframework.beans.factory.annotation.Value("${server.tomcat.threads.max}")
    private int requestThreads;

    @Test
    void aBurstOf500TriggersIsQueuedPromptlyAndWorkedThrough() throws Exception {
        List<SimulatedRepository> repos = new ArrayList<>();
        for (int i = 0; i < REPOSITORIES; i++) {
            repos.add(GITHUB.createRepository("burst", "repo-" + i).seed(2, 0, 0));
        }
        int threadsBefore = Thread.activeCount();
        var callers = java.util.concurrent.Executors.newFixedThreadPool(CALLERS);
        HttpClient client = HttpClient.newBuilder().executor(callers).build();
        long started = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (SimulatedRepository repo : repos) {
            answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/collect/trigger"))
                    .header("Content-Type", "application/json").header("X-API-Key", OPERATOR_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"repository_url\":\"" + repo.url() + "\",\"full_sync\":true}"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<String> ids = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            ids.add(json(response).path("repository_id").asText());
        }
        double acceptSeconds = (System.nanoTime() - started) / 1e9;
        callers.shutdown();
        int[] peakThreads = {threadsBefore};

        List<String> pending = new ArrayList<>(ids);
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250)).until(() -> {
            peakThreads[0] = Math.max(peakThreads[0], Thread.activeCount());
            pending.removeIf(id -> status(id).path("status").asText().equals("completed"));
            return pending.isEmpty();
        });
        double doneSeconds = (System.nanoTime() - started) / 1e9;
        for (String id : List.of(ids.get(0), ids.get(REPOSITORIES / 2), ids.get(REPOSITORIES - 1))) {
            assertThat(events("git.commits", id)).hasSize(2);
        }
        // Jobs wait on Kafka, not in threads: the only new threads are the callers and the web server's workers (at
        // most server.tomcat.threads.max of them; how many a burst wakes varies from run to run), and a few of the
        // HTTP client's. One thread per queued job would be 500.
        assertThat(peakThreads[0] - threadsBefore).as("threads must not grow with the 500 queued jobs")
                .isLessThan(requestThreads + CALLERS + 20);
        System.out.printf("BENCHMARK trigger burst: %d triggers accepted in %.2f s, all collected in %.1f s, threads %d -> peak %d%n",
                REPOSITORIES, acceptSeconds, doneSeconds, threadsBefore, peakThreads[0]);
    }
}
