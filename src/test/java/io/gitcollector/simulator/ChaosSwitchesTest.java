package io.gitcollector.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Pins the chaos switches every simulator inherits: which requests a seeded switch hits (replayed here
 * with the same {@link Random}), what the client then sees, and the counters. Plain JUnit over HTTP.
 */
class ChaosSwitchesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private GitHubSimulator github;
    private String commits;

    @BeforeEach
    void start() throws IOException {
        github = GitHubSimulator.start(0);
        github.createRepository("acme", "chaos").seed(12, 3, 1);
        commits = github.baseUrl() + "/repos/acme/chaos/commits?per_page=5";
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void failRandomlyAnswersTheSeededShareWithOneOfTheStatuses() throws Exception {
        int[] statuses = {500, 502, 503};
        github.chaos().failRandomly(0.1, 42, statuses);

        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> response = get(commits);
            seen.add(response.statusCode());
            if (response.statusCode() != 200) {
                assertThat(response.body()).isEqualTo("{\"message\":\"Server Error\"}");
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
            }
        }

        // The same draws, replayed: the rate decides, then the same generator picks the status.
        Random replay = new Random(42);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add(replay.nextDouble() < 0.1 ? statuses[replay.nextInt(statuses.length)] : 200);
        }
        assertThat(seen).isEqualTo(expected);
        long failures = seen.stream().filter(s -> s != 200).count();
        assertThat(failures).isEqualTo(github.chaos().injectedFailures()).isEqualTo(9);
        assertThat(seen.stream().filter(s -> s != 200).distinct()).containsExactlyInAnyOrder(500, 502, 503);
        assertThat(github.requests()).as("injected answers are requests too").isEqualTo(200);
        // They never reached GitHub's API: only the successful answers cost quota.
        assertThat(github.rateLimitRemaining(null)).isEqualTo(5000 - (200 - failures));

        // The same seed again gives the same answers.
        github.chaos().reset();
        github.chaos().failRandomly(0.1, 42, statuses);
        List<Integer> again = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            again.add(get(commits).statusCode());
        }
        assertThat(again).isEqualTo(expected);
    }

    @Test
    void failRandomlyWithoutStatusesAnswers500() throws Exception {
        github.chaos().failRandomly(1.0, 3);
        HttpResponse<String> response = get(commits);
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(Shapes.MAPPER.readTree(response.body()).get("message").asText()).isEqualTo("Server Error");
        assertThatThrownBy(() -> github.chaos().failRandomly(0.5, 1, 200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> github.chaos().failRandomly(1.5, 1, 500)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void truncateRandomlyCutsTheSeededShareOfJsonAnswersInHalf() throws Exception {
        String full = get(commits).body();
        Shapes.MAPPER.readTree(full);
        github.chaos().truncateRandomly(0.25, 7);

        int truncated = 0;
        List<Boolean> cut = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(commits)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            // A well-formed HTTP answer: the Content-Length is the length of what was sent.
            assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length);
            String body = new String(response.body(), StandardCharsets.UTF_8);
            boolean parses = parses(body);
            cut.add(!parses);
            if (!parses) {
                truncated++;
                assertThat(response.body()).isEqualTo(Arrays.copyOf(full.getBytes(StandardCharsets.UTF_8),
                        full.getBytes(StandardCharsets.UTF_8).length / 2));
            } else {
                assertThat(body).isEqualTo(full);
            }
        }

        Random replay = new Random(7);
        List<Boolean> expected = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            expected.add(replay.nextDouble() < 0.25);
        }
        assertThat(cut).isEqualTo(expected);
        assertThat((long) truncated).isEqualTo(github.chaos().injectedTruncations()).isEqualTo(12);
    }

    @Test
    void truncationLeavesErrorsAndNotModifiedAlone() throws Exception {
        String etag = get(commits).headers().firstValue("ETag").orElseThrow();
        github.chaos().truncateRandomly(1.0, 1);

        HttpResponse<String> missing = get(github.baseUrl() + "/repos/acme/no-such-repository");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(parses(missing.body())).isTrue();
        HttpResponse<String> unchanged = HTTP.send(HttpRequest.newBuilder(URI.create(commits)).header("If-None-Match", etag).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(github.chaos().injectedTruncations()).isZero();

        HttpResponse<String> cut = get(commits);
        assertThat(parses(cut.body())).isFalse();
        assertThatThrownBy(() -> Shapes.MAPPER.readTree(cut.body())).isInstanceOf(JsonProcessingException.class);
        assertThat(github.chaos().injectedTruncations()).isOne();
    }

    @Test
    void droppedConnectionsMakeTheClientThrowIOException() throws Exception {
        github.chaos().dropRandomly(1.0, 5);
        assertThatThrownBy(() -> get(commits)).isInstanceOf(IOException.class);
        // java.net.http.HttpClient sends an idempotent request once more when its connection closes before
        // any byte of an answer; the second attempt is dropped too.
        assertThat(github.chaos().injectedDrops()).isEqualTo(2).isEqualTo(github.requests());
    }

    @Test
    void dropRandomlyDropsTheSeededShareOfRequests() throws Exception {
        github.chaos().dropRandomly(0.3, 11);
        int thrown = 0;
        for (int i = 0; i < 60; i++) {
            try {
                assertThat(get(commits).statusCode()).isEqualTo(200);
            } catch (IOException e) {
                thrown++;
            }
        }

        // Replay: one draw per request the server sees; the client retries a dropped one once.
        Random replay = new Random(11);
        int attempts = 0;
        int drops = 0;
        int failedCalls = 0;
        for (int i = 0; i < 60; i++) {
            boolean dropped = true;
            for (int attempt = 0; attempt < 2 && dropped; attempt++) {
                attempts++;
                dropped = replay.nextDouble() < 0.3;
                drops += dropped ? 1 : 0;
            }
            failedCalls += dropped ? 1 : 0;
        }
        assertThat(github.chaos().injectedDrops()).isEqualTo(drops).isEqualTo(24);
        assertThat(github.requests()).isEqualTo(attempts).isEqualTo(80);
        assertThat(thrown).isEqualTo(failedCalls).isEqualTo(4);
    }

    @Test
    void delayHoldsEveryAnswer() throws Exception {
        github.chaos().delay(Duration.ofMillis(300));
        long started = System.nanoTime();
        assertThat(get(commits).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void resetTurnsEverythingOffAndZeroesTheCounters() throws Exception {
        ChaosSwitches chaos = github.chaos();
        chaos.failRandomly(1.0, 1, 503);
        assertThat(get(commits).statusCode()).isEqualTo(503);
        chaos.reset();
        chaos.truncateRandomly(1.0, 1);
        assertThat(parses(get(commits).body())).isFalse();
        chaos.reset();
        chaos.dropRandomly(1.0, 1);
        assertThatThrownBy(() -> get(commits)).isInstanceOf(IOException.class);
        chaos.delay(Duration.ofSeconds(30));

        chaos.reset();
        assertThat(chaos.injectedFailures()).isZero();
        assertThat(chaos.injectedTruncations()).isZero();
        assertThat(chaos.injectedDrops()).isZero();
        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = get(commits);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(parses(response.body())).isTrue();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void concurrentRequestsDrawEachSwitchOncePerRequest() throws Exception {
        github.chaos().failRandomly(0.5, 9, 502);
        List<Thread> threads = new ArrayList<>();
        int[] failures = new int[8];
        for (int t = 0; t < 8; t++) {
            int slot = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 25; i++) {
                    try {
                        failures[slot] += get(commits).statusCode() == 502 ? 1 : 0;
                    } catch (Exception e) {
                        fail("request failed", e);
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        // Which request fails depends on arrival order; how many of the 200 draws fire does not.
        Random replay = new Random(9);
        long expected = 0;
        for (int i = 0; i < 200; i++) {
            if (replay.nextDouble() < 0.5) {
                replay.nextInt(1);
                expected++;
            }
        }
        assertThat(expected).isEqualTo(99);
        assertThat(Arrays.stream(failures).sum()).isEqualTo(expected).isEqualTo((int) github.chaos().injectedFailures());
    }

    @Test
    void everySimulatorHasTheSwitches() throws Exception {
        try (GitLabSimulator gitlab = GitLabSimulator.start(0);
                BitbucketSimulator bitbucket = BitbucketSimulator.start(0);
                GiteaSimulator gitea = GiteaSimulator.start(0)) {
            gitlab.createProject("acme/chaos");
            bitbucket.createRepository("acme", "chaos");
            gitea.createRepository("acme", "chaos");
            List<SimulatorServer> servers = List.of(gitlab, bitbucket, gitea);
            List<String> urls = List.of(gitlab.apiUrl() + "/projects/acme%2Fchaos", bitbucket.apiUrl() + "/repositories/acme/chaos",
                    gitea.apiUrl() + "/repos/acme/chaos");
            for (int i = 0; i < servers.size(); i++) {
                SimulatorServer server = servers.get(i);
                String url = urls.get(i);
                assertThat(get(url).statusCode()).as(url).isEqualTo(200);

                server.chaos().failRandomly(1.0, 1, 503);
                HttpResponse<String> failed = get(url);
                assertThat(failed.statusCode()).as(url).isEqualTo(503);
                assertThat(failed.body()).isEqualTo("{\"message\":\"Server Error\"}");

                server.chaos().reset();
                server.chaos().truncateRandomly(1.0, 1);
                assertThat(parses(get(url).body())).as(url).isFalse();

                server.chaos().reset();
                server.chaos().dropRandomly(1.0, 1);
                assertThatThrownBy(() -> get(url)).isInstanceOf(IOException.class);
                assertThat(server.chaos().injectedDrops()).isEqualTo(2);

                server.chaos().reset();
                assertThat(get(url).statusCode()).as(url).isEqualTo(200);
            }
        }
    }

    private static boolean parses(String body) {
        try {
            Shapes.MAPPER.readTree(body);
            return true;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
