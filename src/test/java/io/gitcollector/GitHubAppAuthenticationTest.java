package io.gitcollector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.http.TokenPool;
import io.gitcollector.identity.PlatformRegistry;
import io.gitcollector.simulator.GitHubApps;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.state.RedisKeys;
import io.gitcollector.support.GitHubExpectations;
import io.gitcollector.support.PlatformSyncTest;
import io.gitcollector.support.PrintedLog;
import io.gitcollector.support.TestAppKeys;
import io.gitcollector.support.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * GitHub App authentication, configured at run time on the shared context: the app's key signs a JWT, the JWT gets
 * an installation token for the repository's owner, the token serves the run's calls and is replaced before it
 * expires; no token, JWT or key shows in a log line, a status, an error or a topic. Personal tokens are not
 * accepted meanwhile, so every call that succeeds carried an installation token.
 */
class GitHubAppAuthenticationTest extends PlatformSyncTest {

    private static final String APP_ID = "424242";
    private static final TestAppKeys KEYS = TestAppKeys.generate();
    /** What every JWT of ours begins with: {"alg":"RS256","typ":"JWT"}, Base64url. */
    private static final String JWT_HEADER = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9";

    @Autowired
    PlatformRegistry platforms;
    @Autowired
    TokenPool pool;
    @Autowired
    StringRedisTemplate redis;

    private final GitHubApps apps = GITHUB.apps();
    private CollectorProperties.Platform github;
    private String configuredToken;
    private PrintedLog log;

    @BeforeEach
    void authenticateAsTheAppOnly() {
        apps.register(APP_ID, KEYS.pair.getPublic());
        apps.install(APP_ID, SCHEDULED_OWNER); // the suite's timer repository is collected meanwhile too
        github = platforms.platform("github");
        configuredToken = github.getToken();
        github.setToken("");
        github.getApp().setId(APP_ID);
        github.getApp().setPrivateKey(KEYS.pkcs1Pem());
        GITHUB.requireToken("ghp_notTheCollectorsTokenNoneHasIt0000"); // installation tokens stay valid
        log = PrintedLog.capture();
    }

    @AfterEach
    void backToThePersonalToken() {
        log.close();
        github.setToken(configuredToken);
        github.getApp().setId("");
        github.getApp().setPrivateKey("");
        github.getApp().setRefreshBefore(Duration.ofMinutes(5));
        github.getApp().setInstallationId("");
        GITHUB.requireToken(TOKEN);
        apps.tokenLifetime(Duration.ofHours(1));
    }

    @Test
    void anInstallationTokenIsObtainedForTheOwnerAndServesEveryCallOfTheRun() {
        long installation = apps.install(APP_ID, "app-org");
        SimulatedRepository repo = GITHUB.createRepository("app-org", "served").seed(40, 6, 1);
        long refusedBefore = apps.refusedJwts();

        JsonNode status = completed(repo.url(), true);

        assertExactly(allEvents(status.path("repository_id").asText()), GitHubExpectations.fullSync(repo));
        List<String> issued = apps.issuedTokens(installation);
        assertThat(issued).as("one token serves the whole run").hasSize(1);
        assertThat(GITHUB.requestsWithToken(issued.get(0))).as("every call for the repository but the installation lookup, "
                + "which the app makes with its JWT").isEqualTo(GITHUB.requestsFor(repo) - 1);
        assertThat(apps.refusedJwts() - refusedBefore).as("JWTs GitHub refused").isZero();
        assertThat(log.lines()).anyMatch(line -> line.contains("a token for installation " + installation + " was issued"));
    }

    @Test
    void anInstallationTokenIsReplacedBeforeItExpiresAndNoCallCarriesAnExpiredOne() {
        long installation = apps.install(APP_ID, "app-refresh");
        SimulatedRepository repo = GITHUB.createRepository("app-refresh", "short-lived").seed(12, 2, 1);
        apps.tokenLifetime(Duration.ofSeconds(6));
        github.getApp().setRefreshBefore(Duration.ofSeconds(3));
        long expiredBefore = apps.expiredTokenRequests();

        String id = completed(repo.url(), true).path("repository_id").asText();
        List<String> first = apps.issuedTokens(installation);
        assertThat(first).isNotEmpty();
        String old = first.get(first.size() - 1);
        Instant due = apps.expiresAt(old).minusSeconds(3);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> Instant.now().isAfter(due));
        long oldUses = GITHUB.requestsWithToken(old);

        repo.addCommits(3);
        JsonNode second = completed(repo.url(), false);

        List<String> all = apps.issuedTokens(installation);
        assertThat(all).as("a new token was asked for").hasSizeGreaterThan(first.size());
        String fresh = all.get(first.size());
        assertThat(GITHUB.requestsWithToken(fresh)).isPositive();
        assertThat(GITHUB.requestsWithToken(old)).as("the old token, due for refresh, is not used again").isEqualTo(oldUses);
        assertThat(apps.expiredTokenRequests() - expiredBefore).as("calls that carried an expired token").isZero();
        assertThat(second.path("status").asText()).isEqualTo("completed");
        assertThat(allEvents(id).stream().filter(e -> e.path("event_type").asText().equals("commit_created")).count())
                .as("the new commits were read with the new token").isEqualTo(repo.commitShas().size()).isEqualTo(15);
    }

    @Test
    void anAppAloneIsCredentialEnoughForGraphQLWhoseQueriesCarryTheInstallationToken() {
        long installation = apps.install(APP_ID, "app-graphql");
        SimulatedRepository repo = GITHUB.createRepository("app-graphql", "queried").seed(20, 4, 1);
        github.getOptions().put("graphql", "true");
        JsonNode status;
        try {
            status = completed(repo.url(), true);
        } finally {
            github.getOptions().put("graphql", "false");
        }

        assertThat(GITHUB.graphQLUsage().requests(repo)).as("GraphQL queries").isPositive();
        assertThat(GITHUB.requestsWithToken(apps.issuedTokens(installation).get(0))).as("the REST calls but the lookup, "
                + "and every query").isEqualTo(GITHUB.requestsFor(repo) - 1 + GITHUB.graphQLUsage().requests(repo));
        assertExactly(allEvents(status.path("repository_id").asText()), GitHubExpectations.fullSync(repo));
    }

    @Test
    void aPersonalTokenAndTheInstallationTokenShareOnePoolAndASpentTokenIsLeftToTheOther() {
        long installation = apps.install(APP_ID, "app-pool");
        SimulatedRepository repo = GITHUB.createRepository("app-pool", "shared").seed(30, 4, 1);
        github.setToken(configuredToken);
        GITHUB.requireToken(TOKEN);
        GITHUB.setQuota(TOKEN, 5000, 0, Duration.ofHours(1));
        pool.spent("github", TOKEN, Instant.now().plus(Duration.ofHours(1))); // what its last answer said
        long exhaustedBefore = GITHUB.requestsWhileExhausted(TOKEN);
        JsonNode status;
        try {
            status = completed(repo.url(), true);
        } finally {
            GITHUB.setQuota(TOKEN, 1_000_000, 1_000_000, Duration.ofHours(1));
            redis.delete(RedisKeys.rateLimit("github", "token:" + TokenPool.id(TOKEN)));
        }

        assertThat(status.path("progress").path("rate_limit_waits").asInt()).as("no wait: the pool had quota left").isZero();
        List<String> issued = apps.issuedTokens(installation);
        assertThat(issued).hasSize(1);
        assertThat(GITHUB.requestsWithToken(issued.get(0))).isEqualTo(GITHUB.requestsFor(repo) - 1);
        assertThat(GITHUB.requestsWhileExhausted(TOKEN)).as("calls with the spent token").isEqualTo(exhaustedBefore);
        assertExactly(allEvents(status.path("repository_id").asText()), GitHubExpectations.fullSync(repo));
    }

    @Test
    void anInstallationTokenRefusedBeforeItsTimeIsReplacedOnceAndTheRunGoesOn() {
        long installation = apps.install(APP_ID, "app-revoked");
        SimulatedRepository repo = GITHUB.createRepository("app-revoked", "access-changed").seed(10, 2, 1);
        completed(repo.url(), true);
        String refused = apps.issuedTokens(installation).get(0);
        GITHUB.revokeToken(refused);
        long before = GITHUB.requestsWithToken(refused);

        repo.addCommits(2);
        JsonNode status = completed(repo.url(), false);

        assertThat(GITHUB.requestsWithToken(refused) - before).as("the refused token is tried once").isEqualTo(1);
        assertThat(apps.issuedTokens(installation)).hasSize(2);
        assertThat(allEvents(status.path("repository_id").asText()).stream()
                .filter(e -> e.path("event_type").asText().equals("commit_created")).count()).isEqualTo(12);
    }

    @Test
    void aConfiguredInstallationIdServesEveryOwnerWithoutALookup() {
        long installation = apps.install(APP_ID, "app-configured");
        SimulatedRepository repo = GITHUB.createRepository("app-configured-elsewhere", "named").seed(5, 1, 0);
        github.getApp().setInstallationId(Long.toString(installation));
        long jwtRequests = apps.jwtRequests();

        completed(repo.url(), true);

        assertThat(apps.jwtRequests() - jwtRequests).as("one JWT request: the token, no installation lookup").isEqualTo(1);
        assertThat(GITHUB.requestsWithToken(apps.issuedTokens(installation).get(0))).isPositive();
    }

    @Test
    void anAppGitHubRefusesFailsTheRunWithGitHubsWordsAndNeverItsJwt() {
        apps.install(APP_ID, "app-wrong-key");
        SimulatedRepository repo = GITHUB.createRepository("app-wrong-key", "refused").seed(5, 1, 0);
        TestAppKeys wrong = TestAppKeys.generate();
        github.getApp().setPrivateKey(wrong.pkcs8Pem()); // not the key GitHub knows for the app
        long refusedBefore = apps.refusedJwts();

        JsonNode status = collect(repo.url(), true);

        assertThat(status.path("status").asText()).isEqualTo("failed");
        assertThat(status.path("last_error").asText()).contains("HTTP 401").contains("A JSON web token could not be decoded")
                .doesNotContain(JWT_HEADER);
        assertThat(apps.refusedJwts() - refusedBefore).isPositive();
        wrong.pkcs8Pem().lines().filter(line -> !line.startsWith("-----"))
                .forEach(line -> assertThat(log.lines()).noneMatch(printed -> printed.contains(line)));
        assertThat(log.lines()).noneMatch(printed -> printed.contains(JWT_HEADER));
    }

    @Test
    void noInstallationTokenJwtOrKeyShowsInLogsStatusesErrorsOrTopics() throws Exception {
        apps.install(APP_ID, "app-secret");
        SimulatedRepository echoing = GITHUB.createRepository("app-secret", "echoing-proxy").seed(5, 1, 0);
        SimulatedRepository calm = GITHUB.createRepository("app-secret", "calm").seed(5, 1, 0);
        String calmId = completed(calm.url(), true).path("repository_id").asText();
        echoing.faults().echoRequestNext(1000, 400, true); // a proxy quoting the request's Authorization header

        JsonNode failed = collect(echoing.url(), true);

        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("last_error").asText()).contains("upstream refused request")
                .contains("Authorization: Bearer [REDACTED]");
        List<String> secrets = new ArrayList<>(apps.issuedTokens());
        assertThat(secrets).isNotEmpty();
        secrets.add(JWT_HEADER);
        KEYS.pkcs1Pem().lines().filter(line -> !line.startsWith("-----")).forEach(secrets::add);
        List<String> texts = new ArrayList<>(log.lines());
        texts.add(failed.toString());
        texts.add(status(calmId).toString());
        texts.add(get("/health").body());
        for (String topic : topics()) {
            for (ConsumerRecord<String, String> record : TopicReader.records(INFRA.kafka.bootstrapServers(), topic)) {
                texts.add(record.value());
            }
        }
        assertThat(log.lines()).as("log lines during the runs").isNotEmpty();
        for (String secret : secrets) {
            assertThat(texts).as("texts holding a secret").noneMatch(text -> text.contains(secret));
        }
    }

    private static Set<String> topics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafka.bootstrapServers()))) {
            return admin.listTopics().names().get();
        }
    }
}
