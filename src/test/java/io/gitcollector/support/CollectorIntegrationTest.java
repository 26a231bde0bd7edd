package io.gitcollector.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.simulator.BitbucketServerSimulator;
import io.gitcollector.simulator.BitbucketSimulator;
import io.gitcollector.simulator.GitHubSimulator;
import io.gitcollector.simulator.GitLabSimulator;
import io.gitcollector.simulator.GerritSimulator;
import io.gitcollector.simulator.GiteaSimulator;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;

/**
 * The whole service on a random port, against real Kafka and Redis and the GitHub simulator.
 * Every test class extends this one, so they share one Spring context; each test uses its own
 * simulated repository, so their events, statuses and dedup keys never meet.
 */
@CamelSpringBootTest
// Camel's test support turns JMX off; Hawtio reads the route MBeans through Jolokia (HawtioTest).
@DisableJmx(false)
// Without it Spring Boot's tests replace the Prometheus registry (GET /metrics would have nothing to serve). Here,
// on the class every integration test extends, so that they all still share one Spring context.
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // Enough attempts that 10% of answers failing at random cannot fail a call (0.1^6), with tiny backoffs.
        "collector.http.max-attempts=6",
        "collector.http.breaker.wait-in-open=PT2S",
        // Rate-limit waits over a second pause the run instead of holding its thread (FaultInjectionTest).
        "collector.http.inline-rate-limit-wait=PT1S",
        "collector.http.initial-backoff=PT0.01S",
        "collector.http.max-backoff=PT0.05S",
        "collector.jobs.concurrency=3",
        "collector.jobs.schedule-initial-delay=PT1S",
        "collector.repositories[0].interval=PT2S",
        // The simulators' clocks start in 2024: their running pipelines must still hold the watermark.
        "collector.sync.pending-hold-max=P3650D",
        "collector.platforms.github.token=" + CollectorIntegrationTest.TOKEN,
        // The GitHub tests count REST calls and ETags; GitHubGraphQLSyncTest turns the GraphQL default back on.
        "collector.platforms.github.options.graphql=false",
        "collector.platforms.gitlab.token=" + CollectorIntegrationTest.GITLAB_TOKEN,
        "collector.platforms.bitbucket.token=" + CollectorIntegrationTest.BITBUCKET_TOKEN,
        "collector.platforms.gitea.token=" + CollectorIntegrationTest.GITEA_TOKEN,
        "collector.platforms.gerrit.token=" + CollectorIntegrationTest.GERRIT_TOKEN,
        "collector.platforms.bitbucket-server.token=" + CollectorIntegrationTest.BITBUCKET_SERVER_TOKEN,
        "collector.platforms.github.webhook.secret=" + CollectorIntegrationTest.GITHUB_WEBHOOK_SECRET,
        "collector.platforms.gitlab.webhook.secret=" + PlatformWebhookTest.GITLAB_WEBHOOK_SECRET,
        "collector.platforms.bitbucket.webhook.secret=" + PlatformWebhookTest.BITBUCKET_WEBHOOK_SECRET,
        // A push while its repository is collected asks for a sync this much later.
        "collector.webhooks.follow-up-delay=PT1S",
        // A platform whose source only JobDiesOfAnErrorTest adds (test-sources/faulty.yaml): its jobs die of Errors.
        "collector.platforms.faulty.api-url=https://api.faulty.invalid",
        "collector.platforms.faulty.web-hosts=faulty.invalid",
        // One key per role; the helpers below send the admin key unless a test names another.
        "collector.security.keys=test-admin:admin:" + CollectorIntegrationTest.ADMIN_KEY
                + ",test-operator:operator:" + CollectorIntegrationTest.OPERATOR_KEY
                + ",test-viewer:viewer:" + CollectorIntegrationTest.VIEWER_KEY,
        // A page of this origin may call the API from a browser (FirewallTest's preflights); any other may not.
        "collector.security.cors-allowed-origins=" + CollectorIntegrationTest.ALLOWED_ORIGIN,
})
public abstract class CollectorIntegrationTest {

    protected static final TestInfrastructure INFRA = TestInfrastructure.shared();
    protected static final GitHubSimulator GITHUB = INFRA.github;
    protected static final ObjectMapper JSON = new ObjectMapper();
    /** A repository collected on a 2 s timer (see CollectionScheduleTest). */
    protected static final String SCHEDULED_OWNER = "scheduled";
    /** The simulator answers 401 Bad credentials to any other token, so every test proves the bearer token is sent. */
    protected static final String TOKEN = "ghp_testTokenThatMustNeverBeLogged0001";

    protected static final GitLabSimulator GITLAB = INFRA.gitlab;
    protected static final BitbucketSimulator BITBUCKET = INFRA.bitbucket;
    protected static final GiteaSimulator GITEA = INFRA.gitea;
    protected static final GerritSimulator GERRIT = INFRA.gerrit;
    protected static final BitbucketServerSimulator BITBUCKET_SERVER = INFRA.bitbucketServer;
    protected static final String GITLAB_TOKEN = "glpat-testTokenThatMustNeverBeLogged02";
    /** An app password: sent as HTTP Basic, which the simulator checks. */
    protected static final String BITBUCKET_TOKEN = "collector-bot:ATBBtestAppPasswordThatMustNeverBeLogged03";
    protected static final String GITEA_TOKEN = "gitea_testTokenThatMustNeverBeLogged04";
    /** A Gerrit account's HTTP credentials: sent as HTTP Basic under /a/, which the simulator checks. */
    protected static final String GERRIT_TOKEN = "collector-bot:gerritHttpPasswordThatMustNeverBeLogged06";
    /** A Bitbucket Data Center HTTP access token: sent as a bearer token, which the simulator checks. */
    protected static final String BITBUCKET_SERVER_TOKEN = "BBDC-testTokenThatMustNeverBeLogged0000006";

    protected static final String GITHUB_WEBHOOK_SECRET = "github-webhook-secret-must-never-be-logged-05";
    protected static final String ADMIN_KEY = "admin-key-must-never-be-logged-0001";
    protected static final String OPERATOR_KEY = "operator-key-must-never-be-logged-02";
    protected static final String VIEWER_KEY = "viewer-key-must-never-be-logged-0003";
    protected static final String ALLOWED_ORIGIN = "https://dashboard.example";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static {
        GITHUB.requireToken(TOKEN);
        // One token serves the whole suite (a burst of 500 repositories among it): GitHub's 5,000 an hour is too few.
        GITHUB.setQuota(TOKEN, 1_000_000, 1_000_000, java.time.Duration.ofHours(1));
        GITLAB.requireToken(GITLAB_TOKEN);
        BITBUCKET.requireToken(BITBUCKET_TOKEN);
        GITEA.requireToken(GITEA_TOKEN);
        GERRIT.requireCredentials(GERRIT_TOKEN);
        BITBUCKET_SERVER.requireToken(BITBUCKET_SERVER_TOKEN);
        if (!GITHUB.hasRepository(SCHEDULED_OWNER, "timer-repo")) {
            GITHUB.createRepository(SCHEDULED_OWNER, "timer-repo").seed(5, 2, 1);
        }
    }

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("collector.kafka.brokers", INFRA.kafka::bootstrapServers);
        registry.add("collector.redis.url", INFRA.redis::url);
        registry.add("collector.platforms.github.api-url", GITHUB::apiUrl);
        registry.add("collector.platforms.gitlab.api-url", GITLAB::apiUrl);
        registry.add("collector.platforms.bitbucket.api-url", BITBUCKET::apiUrl);
        registry.add("collector.platforms.gitea.api-url", GITEA::apiUrl);
        registry.add("collector.platforms.gerrit.api-url", GERRIT::apiUrl);
        registry.add("collector.platforms.bitbucket-server.api-url", BITBUCKET_SERVER::apiUrl);
        registry.add("camel.main.routes-include-pattern", () -> "file:" + INFRA.routesDir + "/*.yaml");
        registry.add("camel.main.routes-reload-directory", () -> INFRA.routesDir.toString());
        registry.add("collector.repositories[0].url", () -> GITHUB.apiUrl() + "/" + SCHEDULED_OWNER + "/timer-repo");
    }

    protected HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    protected HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /** A GET asking for a media type, its body as bytes (GET /metrics in the protobuf format). */
    protected HttpResponse<byte[]> getBytes(String path, String accept) {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    protected JsonNode trigger(String repositoryUrl, boolean fullSync) {
        HttpResponse<String> response = post("/api/v1/collect/trigger",
                "{\"repository_url\":\"" + repositoryUrl + "\",\"full_sync\":" + fullSync + "}");
        if (response.statusCode() != 202) {
            throw new AssertionError("trigger answered " + response.statusCode() + ": " + response.body());
        }
        return json(response);
    }

    protected JsonNode status(String repositoryId) {
        return json(get("/api/v1/collect/status/" + repositoryId));
    }

    /** Waits (bounded) for a run to end, and returns its final status. */
    protected JsonNode awaitFinished(String repositoryId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            String s = status(repositoryId).path("status").asText();
            return s.equals("completed") || s.equals("failed");
        });
        return status(repositoryId);
    }

    protected JsonNode collect(String repositoryUrl, boolean fullSync) {
        String id = trigger(repositoryUrl, fullSync).get("repository_id").asText();
        return awaitFinished(id);
    }

    protected List<JsonNode> events(String topic, String repositoryId) {
        return TopicReader.events(INFRA.kafka.bootstrapServers(), topic, repositoryId);
    }

    /** The events of one type on a topic for a repository. */
    protected List<JsonNode> events(String topic, String repositoryId, String eventType) {
        return events(topic, repositoryId).stream().filter(e -> e.path("event_type").asText().equals(eventType)).toList();
    }

    protected static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Sends with the admin key unless the request carries credentials of its own. */
    protected static HttpResponse<String> send(HttpRequest request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        if (request.headers().firstValue("X-API-Key").isEmpty() && request.headers().firstValue("Authorization").isEmpty()) {
            request = HttpRequest.newBuilder(request, (name, value) -> true).header("X-API-Key", ADMIN_KEY).build();
        }
        return sendAsIs(request, body);
    }

    /** Sends exactly this request, with whatever credentials it carries (or none). */
    protected static HttpResponse<String> sendAsIs(HttpRequest request) {
        return sendAsIs(request, HttpResponse.BodyHandlers.ofString());
    }

    private static <T> HttpResponse<T> sendAsIs(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return HTTP.send(request, body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
