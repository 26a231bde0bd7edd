package io.gitcollector.process;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.simulator.SimulatedBitbucketRepository;
import io.gitcollector.simulator.SimulatedGitLabProject;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.TestInfrastructure;
import io.gitcollector.support.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged service, configured as a container would be (environment variables), at DEBUG:
 * after syncs of GitHub, GitLab and Bitbucket repositories, no token, API key or salt appears in any
 * log line or in any message on any topic; every log line is a JSON object; and the e-mail policy
 * hashes (then, in a second process, drops) every address in every event, {@code data.raw} included.
 */
class SecretsAndPersonalDataIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GITHUB_TOKEN = "ghp_secretsTestTokenNeverLogged0000001";
    private static final String GITLAB_TOKEN = "glpat-secretsTestTokenNeverLogged0002";
    private static final String BITBUCKET_TOKEN = "secrets-bot:ATBBsecretsTestAppPasswordNeverLogged3";
    private static final String SALT = "salt-that-must-never-be-logged-0004";
    private static final String WRONG_KEY = "a-wrong-api-key-that-must-never-be-logged";
    /** An e-mail address; not an SSH clone URL (git@host:owner/repo.git), which names no one. */
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}(?![:A-Za-z0-9.-])");

    @Test
    void noSecretAppearsInLogsOrTopicsAndAddressesAreHashedThenDropped() throws Exception {
        TestInfrastructure infra = TestInfrastructure.shared();
        infra.github.requireToken(GITHUB_TOKEN);
        infra.gitlab.requireToken(GITLAB_TOKEN);
        infra.bitbucket.requireToken(BITBUCKET_TOKEN);
        SimulatedRepository hashed = infra.github.createRepository("privacy", "hashed").seed(12, 3, 1);
        SimulatedGitLabProject project = infra.gitlab.createProject("privacy/group/hashed").seed(8, 2, 1, 2, 1, 2);
        SimulatedBitbucketRepository bitbucket = infra.bitbucket.createRepository("privacy-ws", "hashed").seed(8, 2, 1, 2, 1, 2);
        SimulatedRepository dropped = infra.github.createRepository("privacy", "dropped").seed(12, 3, 1);

        Path log = Path.of("target/secrets-service.log");
        Files.deleteIfExists(log);
        Map<String, String> settings = Map.of(
                "collector.kafka.brokers", infra.kafka.bootstrapServers(),
                "collector.redis.url", infra.redis.url(),
                "collector.platforms.github.api-url", infra.github.apiUrl(),
                "collector.platforms.gitlab.api-url", infra.gitlab.apiUrl(),
                "collector.platforms.bitbucket.api-url", infra.bitbucket.apiUrl(),
                "collector.data-dir", Files.createTempDirectory("secrets-it").toString(),
                "camel.main.routes-reload-enabled", "false");
        // Tokens and the salt come in the environment, as in a container; DEBUG logs every API call.
        Map<String, String> environment = Map.of(
                "GITHUB_TOKEN", GITHUB_TOKEN, "GITLAB_TOKEN", GITLAB_TOKEN, "BITBUCKET_TOKEN", BITBUCKET_TOKEN,
                "LOG_LEVEL", "DEBUG", "EMAIL_POLICY", "hash", "EMAIL_HASH_SALT", SALT);

        List<String> hashedIds = new ArrayList<>();
        try (ServiceProcess service = ServiceProcess.start(settings, environment, log)) {
            for (String url : List.of(hashed.url(), project.url(), bitbucket.url())) {
                hashedIds.add(collect(service, url));
            }
            HttpResponse<String> denied = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    service.url("/api/v1/collect/trigger"))).header("X-API-Key", WRONG_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(denied.statusCode()).isEqualTo(401);
        }
        String droppedId;
        Map<String, String> dropping = new java.util.HashMap<>(environment);
        dropping.put("EMAIL_POLICY", "drop");
        Map<String, String> withRaw = new java.util.HashMap<>(settings);
        withRaw.put("collector.sync.include-raw", "true"); // the platform's own objects, addresses and all
        try (ServiceProcess service = ServiceProcess.start(withRaw, dropping, log)) {
            droppedId = collect(service, dropped.url());
        }

        // Hashed: every address field is sha256:<hex> of the salt and the address; GitHub's are known exactly.
        List<JsonNode> hashedEvents = new ArrayList<>();
        for (String id : hashedIds) {
            hashedEvents.addAll(eventsOf(infra, id));
        }
        assertThat(hashedEvents).hasSizeGreaterThan(60);
        List<JsonNode> githubCommits = eventsOf(infra, hashedIds.get(0)).stream()
                .filter(e -> e.path("event_type").asText().equals("commit_created")).toList();
        assertThat(githubCommits).hasSize(12).allSatisfy(commit -> {
            JsonNode author = commit.path("data").path("author");
            assertThat(author.path("email").asText())
                    .isEqualTo(hash(SimulatedRepository.noReplyEmail(author.path("login").asText())));
        });
        List<String> emailValues = new ArrayList<>();
        hashedEvents.forEach(e -> collectEmails(e, emailValues));
        assertThat(emailValues).as("email fields of GitHub, GitLab and Bitbucket events").hasSizeGreaterThan(40)
                .allSatisfy(v -> assertThat(v).matches("null|sha256:[0-9a-f]{64}"));
        assertThat(emailValues.stream().filter(v -> !v.equals("null")).count()).isGreaterThanOrEqualTo(2 * 8 * 3);
        assertNoAddressIn(hashedEvents);

        // Dropped: null everywhere, the raw platform objects included.
        List<JsonNode> droppedEvents = eventsOf(infra, droppedId);
        List<String> droppedValues = new ArrayList<>();
        droppedEvents.forEach(e -> collectEmails(e, droppedValues));
        assertThat(droppedEvents.stream().filter(e -> e.path("data").has("raw")).count()).isGreaterThan(12);
        assertThat(droppedValues).hasSizeGreaterThan(24).containsOnly("null");
        assertNoAddressIn(droppedEvents);

        // No secret anywhere: every log line of both processes, every record of every topic.
        String basic = Base64.getEncoder().encodeToString(BITBUCKET_TOKEN.getBytes(StandardCharsets.UTF_8));
        List<String> secrets = List.of(GITHUB_TOKEN, GITLAB_TOKEN, BITBUCKET_TOKEN, BITBUCKET_TOKEN.split(":")[1], basic,
                SALT, WRONG_KEY, ServiceProcess.OPERATOR_KEY);
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSizeGreaterThan(100);
        for (String secret : secrets) {
            assertThat(lines).as("log lines holding a secret").noneMatch(line -> line.contains(secret));
        }
        long records = 0;
        for (String topic : topics(infra)) {
            for (ConsumerRecord<String, String> record : TopicReader.records(infra.kafka.bootstrapServers(), topic)) {
                records++;
                for (String secret : secrets) {
                    assertThat(record.value()).as("a record on " + topic).doesNotContain(secret);
                    assertThat(String.valueOf(record.key())).doesNotContain(secret);
                }
            }
        }
        assertThat(records).isGreaterThan(hashedEvents.size() + droppedEvents.size());

        // Structured logs: one JSON object a line, API calls at DEBUG tagged with their repository, audit lines.
        List<JsonNode> entries = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("{")) {
                entries.add(JSON.readTree(line));
            }
        }
        assertThat(entries.size()).as("JSON lines among " + lines.size()).isGreaterThan(lines.size() * 9 / 10);
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.path("log").path("level").asText()).isEqualTo("DEBUG");
            assertThat(e.path("message").asText()).startsWith("GET /repos/privacy/hashed ");
            assertThat(e.path("repository_id").asText()).isEqualTo(hashedIds.get(0));
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.path("message").asText()).startsWith("Completed full sync of " + project.url());
            assertThat(e.path("platform").asText()).isEqualTo("gitlab");
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.path("log").path("logger").asText()).isEqualTo("git.collector.audit");
            assertThat(e.path("audit").path("action").asText()).isEqualTo("access.denied");
        });
        System.out.printf("SECRETS checked %d log lines and %d records on %d topics for %d secrets: none found%n",
                lines.size(), records, topics(infra).size(), secrets.size());
    }

    private static String collect(ServiceProcess service, String url) throws Exception {
        HttpResponse<String> queued = service.post("/api/v1/collect/trigger", "{\"repository_url\":\"" + url + "\",\"full_sync\":true}");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        String id = JSON.readTree(queued.body()).path("repository_id").asText();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                "completed".equals(JSON.readTree(service.get("/api/v1/collect/status/" + id).body()).path("status").asText()));
        return id;
    }

    private static List<JsonNode> eventsOf(TestInfrastructure infra, String repositoryId) {
        List<JsonNode> events = new ArrayList<>();
        for (String topic : List.of("git.repositories", "git.commits", "git.pull_requests", "git.issues",
                "git.contributors", "git.pipelines", "git.dlq")) {
            events.addAll(TopicReader.events(infra.kafka.bootstrapServers(), topic, repositoryId));
        }
        return events;
    }

    /** The values of every field named email or *_email, anywhere in the event. */
    private static void collectEmails(JsonNode node, List<String> values) {
        node.fields().forEachRemaining(field -> {
            String name = field.getKey().toLowerCase(java.util.Locale.ROOT);
            if ((name.equals("email") || name.endsWith("_email")) && !field.getValue().isContainerNode()) {
                values.add(field.getValue().isNull() ? "null" : field.getValue().asText());
            } else if (field.getValue().isContainerNode()) {
                collectEmails(field.getValue(), values);
            }
        });
        if (node.isArray()) {
            node.forEach(element -> collectEmails(element, values));
        }
    }

    private static void assertNoAddressIn(List<JsonNode> events) {
        for (JsonNode event : events) {
            Matcher m = ADDRESS.matcher(event.toString());
            assertThat(m.find()).as("an address in " + event.path("event_type").asText() + ": "
                    + (m.find(0) ? m.group() : "")).isFalse();
        }
    }

    private static java.util.Set<String> topics(TestInfrastructure infra) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka.bootstrapServers()))) {
            return admin.listTopics().names().get();
        }
    }

    private static String hash(String address) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(SALT.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(address.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }
}
