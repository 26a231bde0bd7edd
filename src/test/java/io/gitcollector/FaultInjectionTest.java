package io.gitcollector;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.identity.PlatformRegistry;
import io.gitcollector.simulator.SimulatedBitbucketRepository;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.EventKeys;
import io.gitcollector.support.GitHubExpectations;
import io.gitcollector.support.PlatformSyncTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Faults injected into the simulators' answers; the outcome must still be every event exactly once. */
class FaultInjectionTest extends PlatformSyncTest {

    @Autowired
    PlatformRegistry platforms;

    @Test
    void tenPercentOfAnswersFailingAtRandomStillLandEveryEventOnce() {
        SimulatedRepository calm = GITHUB.createRepository("faults", "calm").seed(400, 120, 2).seedEverything(30, 1, 1, 5, 2, 15);
        SimulatedRepository stormy = GITHUB.createRepository("faults", "stormy").seed(400, 120, 2).seedEverything(30, 1, 1, 5, 2, 15);
        long before = GITHUB.requests();
        completed(calm.url(), true);
        long calmCalls = GITHUB.requests() - before;

        GITHUB.chaos().failRandomly(0.10, 5, 500, 502, 503); // seed 5: 15 of the first 150 draws fail
        GITHUB.chaos().truncateRandomly(0.02, 43);
        GITHUB.chaos().dropRandomly(0.01, 44);
        long stormStart = GITHUB.requests();
        JsonNode status;
        try {
            status = completed(stormy.url(), true);
        } finally {
            long failures = GITHUB.chaos().injectedFailures();
            long truncations = GITHUB.chaos().injectedTruncations();
            long drops = GITHUB.chaos().injectedDrops();
            GITHUB.chaos().reset();
            System.out.printf("FAULTS injected: %d failures, %d truncated bodies, %d dropped connections%n", failures, truncations, drops);
        }
        long stormCalls = GITHUB.requests() - stormStart;

        String id = status.path("repository_id").asText();
        List<JsonNode> events = allEvents(id);
        List<String> expected = GitHubExpectations.fullSync(stormy).list();
        assertThat(EventKeys.keys(events)).containsExactlyInAnyOrderElementsOf(expected);
        Set<String> ids = new HashSet<>();
        long duplicates = events.stream().filter(e -> !ids.add(e.path("event_id").asText())).count();
        assertThat(duplicates).isZero();
        System.out.printf("BENCHMARK 10%%-fault full sync: %d events expected, %d landed, %d duplicates, %d API calls (fault-free: %d)%n",
                expected.size(), events.size(), duplicates, stormCalls, calmCalls);
    }

    @Test
    void aQuotaThatRunsOutMidSyncPausesTheRunWhichGoesOnFromWhereItWasWhenTheQuotaIsBack() {
        SimulatedRepository repo = GITHUB.createRepository("faults", "quota").seed(450, 20, 1);

        // 4 calls left above the reserve of 10: the run stops in the middle of the commits.
        GITHUB.setQuota(TOKEN, 5000, 14, Duration.ofSeconds(4));
        JsonNode status;
        JsonNode waiting;
        try {
            String id = trigger(repo.url(), true).path("repository_id").asText();
            waiting = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> status(id), s -> s.path("status").asText().equals("waiting"));
            assertThat(waiting.path("retry_at").asText()).isNotBlank();
            assertThat(waiting.path("waiting_for").asText()).contains("quota");
            status = awaitFinished(id);
        } finally {
            GITHUB.setQuota(TOKEN, 1_000_000, 1_000_000, Duration.ofHours(1));
        }

        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("completed");
        assertThat(GITHUB.requestsWhileExhausted(TOKEN)).as("calls made after the quota hit zero").isZero();
        assertThat(json(get("/actuator/metrics/git.collector.rate.limit.waits?tag=how:paused"))
                .path("measurements").get(0).path("value").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertExactly(allEvents(status.path("repository_id").asText()), GitHubExpectations.fullSync(repo));
        // It went on from the page before the one it was on (items may have shifted while it waited): of the
        // 5 pages of commits, only that one was read twice.
        int before = waiting.path("progress").path("resources").path("commits").path("pages").asInt();
        int after = status.path("progress").path("resources").path("commits").path("pages").asInt();
        assertThat(before).as("pages before the pause").isBetween(1, 4);
        assertThat(before + after).isEqualTo(6);
        assertThat(status.path("progress").path("resources").path("repository").path("api_calls").asInt())
                .as("the repository, finished before the pause, is not read again").isZero();
    }

    @Test
    void secondaryRateLimitsWithRetryAfterAreWaitedOutAndSlowAnswersDoNotMatter() {
        SimulatedRepository repo = GITHUB.createRepository("faults", "secondary").seed(60, 6, 1);
        GITHUB.chaos().delay(Duration.ofMillis(20));
        GITHUB.secondaryLimitNext(2, 1, 429); // GitHub: "You have exceeded a secondary rate limit", Retry-After: 1
        JsonNode status;
        try {
            status = completed(repo.url(), true);
        } finally {
            GITHUB.chaos().reset();
        }

        // The two limited answers go to whichever requests come next: this run's, or the scheduled repository's.
        int waits = status.path("progress").path("rate_limit_waits").asInt();
        assertThat(waits).isBetween(1, 2);
        assertThat(status.path("progress").path("rate_limit_wait_ms").asLong()).isBetween(900L * waits, 1100L * waits);
        assertExactly(allEvents(status.path("repository_id").asText()), GitHubExpectations.fullSync(repo));
    }

    @Test
    void aRefusedTokenLeavesThePoolAndTheSyncCompletesWithTheOther() {
        String bad = "ghp_revokedTokenThatMustNeverBeLogged09";
        SimulatedRepository repo = GITHUB.createRepository("faults", "two-tokens").seed(30, 5, 1);
        var github = platforms.platform("github");
        String configured = github.getToken();
        GITHUB.acceptTokens(bad, TOKEN);
        GITHUB.revokeToken(bad);
        github.setToken(bad + "," + TOKEN); // the pool tries the first token first
        JsonNode status;
        try {
            status = completed(repo.url(), true);
        } finally {
            github.setToken(configured);
            GITHUB.acceptTokens(TOKEN);
        }

        assertThat(GITHUB.requestsWithToken(bad)).as("the refused token is tried once, then left out").isEqualTo(1);
        assertExactly(allEvents(status.path("repository_id").asText()), GitHubExpectations.fullSync(repo));
    }

    @Test
    void theBreakerOfAFailingHostOpensFailsItsJobsFastAndClosesWhenTheHostRecovers() {
        SimulatedBitbucketRepository first = BITBUCKET.createRepository("breaker-ws", "one").seed(3, 1, 0, 1, 0, 1);
        SimulatedBitbucketRepository second = BITBUCKET.createRepository("breaker-ws", "two").seed(3, 1, 0, 1, 0, 1);
        String host = BITBUCKET.baseUrl().replace("http://", "");
        BITBUCKET.chaos().failRandomly(1.0, 1, 503);
        try {
            assertThat(collect(first.url(), true).path("status").asText()).isEqualTo("failed");
            assertThat(collect(second.url(), true).path("status").asText()).isEqualTo("failed");
            assertThat(json(get("/health")).path("platform_hosts").path(host).asText()).isEqualTo("OPEN");
            assertThat(json(get("/actuator/metrics/git.collector.circuit.breaker.state?tag=host:" + host))
                    .path("measurements").get(0).path("value").asDouble()).as("1 = open").isEqualTo(1.0);

            long callsBefore = BITBUCKET.requests();
            JsonNode fast = collect(first.url(), true);
            assertThat(fast.path("status").asText()).isEqualTo("failed");
            assertThat(fast.path("last_error").asText()).contains("circuit breaker open").contains(host);
            assertThat(BITBUCKET.requests()).as("an open breaker calls nothing").isEqualTo(callsBefore);
            // Other platforms go on.
            assertThat(collect(GITHUB.createRepository("faults", "unaffected").seed(3, 0, 0).url(), true)
                    .path("status").asText()).isEqualTo("completed");
        } finally {
            BITBUCKET.chaos().reset();
        }
        // After wait-in-open (2 s in tests) the breaker lets trial calls through, and they succeed.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> collect(second.url(), true).path("status").asText().equals("completed"));
        assertThat(json(get("/health")).path("platform_hosts").path(host).asText()).isEqualTo("CLOSED");
    }
}
