package io.gitcollector;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.model.RepositoryIdentity;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.CollectorIntegrationTest;
import io.gitcollector.support.EventSchemas;
import io.gitcollector.support.TopicReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Repositories scheduled over the API: registered (operator), listed beside application.yaml's (viewer), collected
 * on their schedule without a restart, and no more once removed; bad bodies are 400s; each change is audited.
 */
class RepositoryRegistrationTest extends CollectorIntegrationTest {

    private static final String PATH = "/api/v1/repositories";

    @Test
    void aRegisteredRepositoryIsCollectedOnItsScheduleUntilItIsRemoved() {
        SimulatedRepository simulated = GITHUB.createRepository("registered", "repo-" + UUID.randomUUID().toString().substring(0, 8))
                .seed(3, 0, 0);
        String body = "{\"url\":\"" + simulated.url() + "\",\"interval\":\"PT2S\",\"full_sync_cron\":\"-\"}";

        HttpResponse<String> created = request("POST", PATH, body, OPERATOR_KEY);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode entry = json(created);
        String id = entry.path("repository_id").asText();
        assertThat(id).isEqualTo(RepositoryIdentity.idOf(simulated.url().toLowerCase()));
        assertThat(entry.path("interval").asText()).isEqualTo("PT2S");
        assertThat(entry.path("full_sync_cron").isNull()).isTrue();
        assertThat(entry.path("source").asText()).isEqualTo("api");
        assertThat(request("POST", PATH, body, OPERATOR_KEY).statusCode()).as("the same again").isEqualTo(200);
        HttpResponse<String> otherwise = request("POST", PATH, body.replace("PT2S", "PT3S"), OPERATOR_KEY);
        assertThat(otherwise.statusCode()).isEqualTo(409);
        assertThat(json(otherwise).path("message").asText()).contains("registered already").contains("DELETE");

        HttpResponse<String> listed = request("GET", PATH, null, VIEWER_KEY);
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode mine = find(json(listed), id);
        assertThat(mine.path("source").asText()).isEqualTo("api");
        assertThat(Instant.parse(mine.path("next_sync").asText())).isAfter(Instant.now().minusSeconds(1));
        String configuredId = RepositoryIdentity.idOf((GITHUB.apiUrl() + "/" + SCHEDULED_OWNER + "/timer-repo").toLowerCase());
        JsonNode configured = find(json(listed), configuredId);
        assertThat(configured.path("source").asText()).isEqualTo("config");
        assertThat(configured.path("full_sync_cron").asText()).isEqualTo("0 0 3 * * *");

        // Collected on its schedule, by the scheduler that read it from Redis: no restart, no trigger.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> status(id).path("last_sync").isTextual() && scheduledJobs(id) >= 2);
        assertThat(events("git.commits", id)).hasSize(3);

        HttpResponse<String> removed = request("DELETE", PATH + "/" + id, null, OPERATOR_KEY);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        assertThat(json(request("GET", PATH, null, VIEWER_KEY)).path("repositories").findValuesAsText("repository_id"))
                .doesNotContain(id);
        assertThat(awaitFinished(id).path("next_sync").isNull()).as("no next run promised once removed").isTrue();
        long jobsAtRemoval = scheduledJobs(id);
        // Two intervals and more with no new run.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> scheduledJobs(id) == jobsAtRemoval);

        assertThat(request("DELETE", PATH + "/" + id, null, OPERATOR_KEY).statusCode()).isEqualTo(404);
        HttpResponse<String> configuredDelete = request("DELETE", PATH + "/" + configuredId, null, OPERATOR_KEY);
        assertThat(configuredDelete.statusCode()).isEqualTo(409);
        assertThat(json(configuredDelete).path("message").asText()).contains("application.yaml");

        List<JsonNode> audit = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            audit.clear();
            audit.addAll(TopicReader.events(INFRA.kafka.bootstrapServers(), "git.audit", null).stream()
                    .filter(e -> id.equals(e.path("repository_id").asText())
                            && e.path("data").path("action").asText().startsWith("repository."))
                    .toList());
            return audit.size() == 5;
        });
        audit.forEach(EventSchemas::assertValid);
        assertThat(audit).extracting(e -> e.path("data").path("action").asText() + " " + e.path("data").path("outcome").asText()
                + " " + e.path("data").path("status").asInt() + " " + e.path("data").path("actor").path("key_name").asText())
                .containsExactlyInAnyOrder(
                        "repository.register created 201 test-operator",
                        "repository.register unchanged 200 test-operator",
                        "repository.register registered_otherwise 409 test-operator",
                        "repository.remove removed 200 test-operator",
                        "repository.remove not_found 404 test-operator");
    }

    @Test
    void onlyAnOperatorChangesTheScheduleAndAViewerReadsIt() {
        String body = "{\"url\":\"" + GITHUB.apiUrl() + "/registered/roles-" + UUID.randomUUID().toString().substring(0, 8) + "\"}";
        assertThat(request("POST", PATH, body, VIEWER_KEY).statusCode()).isEqualTo(403);
        assertThat(request("POST", PATH, body, null).statusCode()).isEqualTo(401);
        assertThat(request("GET", PATH, null, null).statusCode()).isEqualTo(401);
        assertThat(request("GET", PATH, null, VIEWER_KEY).statusCode()).isEqualTo(200);
        assertThat(request("DELETE", PATH + "/repo-0000000000000000", null, VIEWER_KEY).statusCode()).isEqualTo(403);
        assertThat(request("DELETE", PATH + "/repo-0000000000000000", null, null).statusCode()).isEqualTo(401);
        assertThat(request("DELETE", PATH + "/repo-0000000000000000", null, OPERATOR_KEY).statusCode()).isEqualTo(404);
    }

    @Test
    void badBodiesAre400sThatSayWhatIsWrong() {
        String url = GITHUB.apiUrl() + "/registered/bad-" + UUID.randomUUID().toString().substring(0, 8);
        expect400("", "empty");
        expect400("{\"url\":", "not valid JSON");
        expect400("[]", "JSON object");
        expect400("{\"interval\":\"PT1H\"}", "url is required");
        expect400("{\"url\":42}", "url must be a string");
        expect400("{\"url\":\"https://unknown.example/a/b\"}", "unknown.example");
        expect400("{\"url\":\"" + url + "\",\"interval\":\"an hour\"}", "ISO-8601");
        expect400("{\"url\":\"" + url + "\",\"interval\":\"PT0S\"}", "at least");
        expect400("{\"url\":\"" + url + "\",\"full_sync_cron\":\"0 0 25 * * *\"}", "full-sync-cron '0 0 25 * * *'");
        expect400("{\"url\":\"" + url + "\",\"every\":\"PT1H\"}", "unknown field 'every'");
        assertThat(json(request("GET", PATH, null, VIEWER_KEY)).path("repositories").findValuesAsText("repository_url"))
                .as("nothing of them was stored").doesNotContain(url.toLowerCase(), url);
    }

    private void expect400(String body, String says) {
        HttpResponse<String> response = request("POST", PATH, body, OPERATOR_KEY);
        assertThat(response.statusCode()).as(body + " → " + response.body()).isEqualTo(400);
        assertThat(json(response).path("message").asText()).as(body).contains(says);
    }

    private long scheduledJobs(String id) {
        return TopicReader.events(INFRA.kafka.bootstrapServers(), "git.collect.jobs", id).stream()
                .filter(job -> job.path("requested_by").asText().equals("schedule")).count();
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode entry : list.path("repositories")) {
            if (entry.path("repository_id").asText().equals(id)) {
                return entry;
            }
        }
        throw new AssertionError(id + " not listed: " + list);
    }

    private HttpResponse<String> request(String method, String path, String body, String key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            builder.header("X-API-Key", key);
        }
        return sendAsIs(builder.build());
    }
}
