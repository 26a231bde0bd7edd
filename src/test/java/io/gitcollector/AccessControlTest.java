package io.gitcollector;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.CollectorIntegrationTest;
import io.gitcollector.support.EventSchemas;
import io.gitcollector.support.TopicReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every protected endpoint answers 401 without a valid key, 403 to a key whose role is too small, and
 * its normal answer to a key with the role; /health answers anyone. Triggers, replays and denials are
 * audited on git.audit with the key's name, never the key.
 */
class AccessControlTest extends CollectorIntegrationTest {

    private static final String WRONG_KEY = "not-a-configured-key-000000000000";

    /** An endpoint, its body for a caller (by role; "none" without a key), the role it needs, and its answer to that role. */
    private record Endpoint(String method, String path, Function<String, String> body, String needs, int allowed) {
    }

    private List<Endpoint> endpoints(String collectedId, String collectedUrl, Map<String, String> freshRepositoryByRole) {
        Function<String, String> none = role -> null;
        return List.of(
                new Endpoint("GET", "/api/v1/collect/status/" + collectedId, none, "viewer", 200),
                new Endpoint("GET", "/api/v1/collect/status?repository_url=" + collectedUrl, none, "viewer", 200),
                // Each role that may trigger queues a repository of its own: 202 every time.
                new Endpoint("POST", "/api/v1/collect/trigger", role -> "{\"repository_url\":\""
                        + freshRepositoryByRole.getOrDefault(role, freshRepositoryByRole.get("none")) + "\"}", "operator", 202),
                new Endpoint("POST", "/api/v1/dead-letters/replay?repository_id=" + collectedId, role -> "", "operator", 200),
                new Endpoint("GET", "/metrics", none, "viewer", 200),
                new Endpoint("GET", "/actuator/info", none, "admin", 200),
                new Endpoint("GET", "/actuator/prometheus", none, "admin", 200),
                new Endpoint("GET", "/actuator/metrics", none, "admin", 200),
                new Endpoint("GET", "/actuator/hawtio/", none, "admin", 200),
                // Jolokia takes POST only (jolokia-access.xml).
                new Endpoint("POST", "/actuator/jolokia", role -> "{\"type\":\"version\"}", "admin", 200));
    }

    @Test
    void eachRoleGetsExactly401403Or200OnEveryProtectedEndpoint() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        SimulatedRepository collected = GITHUB.createRepository("access", "collected-" + run).seed(2, 0, 0);
        JsonNode status = collect(collected.url(), true);
        assertThat(status.path("status").asText()).isEqualTo("completed");
        Map<String, String> fresh = new java.util.HashMap<>();
        for (String who : List.of("none", "operator", "admin")) {
            fresh.put(who, GITHUB.createRepository("access", who + "-" + run).seed(1, 0, 0).url());
        }
        Map<String, String> keys = Map.of("viewer", VIEWER_KEY, "operator", OPERATOR_KEY, "admin", ADMIN_KEY);
        List<String> order = List.of("viewer", "operator", "admin");
        List<String> mismatches = new ArrayList<>();
        for (Endpoint endpoint : endpoints(status.path("repository_id").asText(), collected.url(), fresh)) {
            expect(mismatches, endpoint, "none", null, 401);
            expect(mismatches, endpoint, "none", WRONG_KEY, 401);
            for (String role : order) {
                boolean allowed = order.indexOf(role) >= order.indexOf(endpoint.needs());
                expect(mismatches, endpoint, role, keys.get(role), allowed ? endpoint.allowed() : 403);
            }
        }
        assertThat(mismatches).isEmpty();
        // The denied triggers queued nothing: only the operator's and the admin's repositories were collected.
        assertThat(statusOf(fresh.get("none")).statusCode()).isEqualTo(404);
        assertThat(statusOf(fresh.get("operator")).statusCode()).isEqualTo(200);
        assertThat(statusOf(fresh.get("admin")).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> statusOf(String repositoryUrl) {
        return get("/api/v1/collect/status?repository_url=" + repositoryUrl);
    }

    @Test
    void deniedAnswersAreJsonErrorsThatNameNoConfiguredKey() {
        HttpResponse<String> missing = sendAsIs(request("POST", "/api/v1/collect/trigger", "{}", null).build());
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"git-collector\"");
        JsonNode body = json(missing);
        assertThat(body.path("error").asText()).isEqualTo("unauthorized");
        assertThat(body.path("status").asInt()).isEqualTo(401);
        JsonNode wrong = json(sendAsIs(request("POST", "/api/v1/collect/trigger", "{}", WRONG_KEY).build()));
        assertThat(wrong.path("message").asText()).as("a wrong key and no key read the same").isEqualTo(body.path("message").asText());

        HttpResponse<String> forbidden = sendAsIs(request("POST", "/api/v1/collect/trigger", "{}", VIEWER_KEY).build());
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(json(forbidden).path("message").asText())
                .isEqualTo("this needs the operator role; this key has the viewer role");
        for (HttpResponse<String> answer : List.of(missing, forbidden)) {
            assertThat(answer.body()).doesNotContain("test-admin", "test-operator", ADMIN_KEY, OPERATOR_KEY, VIEWER_KEY);
        }
    }

    @Test
    void theKeyIsAcceptedAsABearerTokenAndAsTheBasicPasswordABrowserSends() {
        String basic = Base64.getEncoder().encodeToString(("anyone:" + ADMIN_KEY).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> hawtio = sendAsIs(HttpRequest.newBuilder(uri("/actuator/hawtio/"))
                .header("Authorization", "Basic " + basic).GET().build());
        assertThat(hawtio.statusCode()).isEqualTo(200);
        HttpResponse<String> bearer = sendAsIs(HttpRequest.newBuilder(uri("/actuator/info"))
                .header("Authorization", "Bearer " + ADMIN_KEY).GET().build());
        assertThat(bearer.statusCode()).isEqualTo(200);
        // A browser is asked for the key where Hawtio lives.
        HttpResponse<String> challenge = sendAsIs(HttpRequest.newBuilder(uri("/actuator/hawtio/")).GET().build());
        assertThat(challenge.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"git-collector\", charset=\"UTF-8\"");
        assertThat(json(challenge).path("message").asText()).as("the refusal says how a browser signs in")
                .contains("any user name and the key as the password (HTTP Basic)");
    }

    @Test
    void aPathInAnotherSpellingThanTheCanonicalOneIsRefused() {
        // Each names Jolokia or the trigger in a spelling the container would resolve past the open health path.
        List<String> smuggled = List.of("/actuator/health/../jolokia/version", "/health/../actuator/jolokia/version",
                "/actuator/health;x=1/../jolokia/version", "/actuator/health/%2e%2e/jolokia/version",
                "/actuator/health/..;/jolokia/version", "/actuator/health/.%2e/jolokia/version",
                "/api/v1/collect//trigger", "/actuator/health/./../jolokia/version");
        List<String> answered = new ArrayList<>();
        for (String path : smuggled) {
            for (String key : java.util.Arrays.asList(null, ADMIN_KEY)) {
                HttpRequest.Builder request = HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path));
                if (key != null) {
                    request.header("X-API-Key", key);
                }
                int status = sendAsIs(request.GET().build()).statusCode();
                if (status != 400) {
                    answered.add(path + (key == null ? " without a key" : " with the admin key") + " -> " + status);
                }
            }
        }
        assertThat(answered).isEmpty();
        // An escape the container decodes is checked as the path it decodes to.
        HttpRequest escaped = HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/%61ctuator/jolokia"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"version\"}")).build();
        assertThat(sendAsIs(escaped).statusCode()).isEqualTo(401);
        assertThat(sendAsIs(HttpRequest.newBuilder(escaped, (n, v) -> true).header("X-API-Key", ADMIN_KEY).build()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aBrowsersCredentialsReachOnlyHawtioAndNoCrossSiteWriteGoesThrough() {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("anyone:" + ADMIN_KEY).getBytes(StandardCharsets.UTF_8));
        // Basic is read for Hawtio and Jolokia only: elsewhere a key a browser keeps does not count.
        assertThat(sendAsIs(request("POST", "/api/v1/collect/trigger", "{}", null).header("Authorization", basic).build())
                .statusCode()).isEqualTo(401);
        assertThat(sendAsIs(request("POST", "/actuator/jolokia", "{\"type\":\"version\"}", null).header("Authorization", basic)
                .build()).statusCode()).isEqualTo(200);
        // A page on another site cannot make the browser post to Jolokia or the API, whatever it carries.
        String read = "{\"type\":\"version\"}";
        HttpResponse<String> forged = sendAsIs(request("POST", "/actuator/jolokia", read, null)
                .header("Authorization", basic).header("Sec-Fetch-Site", "cross-site").build());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(json(forged).path("message").asText()).isEqualTo("a request from another site's page is refused under /actuator");
        HttpResponse<String> forgedTrigger = sendAsIs(request("POST", "/api/v1/collect/trigger", "{}", OPERATOR_KEY)
                .header("Sec-Fetch-Site", "cross-site").build());
        assertThat(forgedTrigger.statusCode()).isEqualTo(403);
        assertThat(json(forgedTrigger).path("message").asText()).isEqualTo("a cross-site POST is refused");
        assertThat(sendAsIs(request("POST", "/actuator/jolokia", read, null)
                .header("Authorization", basic).header("Sec-Fetch-Site", "same-origin").build()).statusCode()).isEqualTo(200);
    }

    @Test
    void healthAnswersProbesWithoutAKey() {
        assertThat(sendAsIs(HttpRequest.newBuilder(uri("/health")).GET().build()).statusCode()).isEqualTo(200);
        assertThat(sendAsIs(HttpRequest.newBuilder(uri("/actuator/health")).GET().build()).statusCode()).isEqualTo(200);
    }

    @Test
    void triggersReplaysAndDenialsAreAuditedWithTheKeyNameNeverTheKey() {
        SimulatedRepository repo = GITHUB.createRepository("audit", "audited-" + UUID.randomUUID().toString().substring(0, 8)).seed(3, 0, 0);
        String body = "{\"repository_url\":\"" + repo.url() + "\",\"full_sync\":true}";
        HttpResponse<String> denied = sendAsIs(request("POST", "/api/v1/collect/trigger", body, VIEWER_KEY).build());
        assertThat(denied.statusCode()).isEqualTo(403);
        HttpResponse<String> queued = sendAsIs(request("POST", "/api/v1/collect/trigger", body, OPERATOR_KEY).build());
        assertThat(queued.statusCode()).isEqualTo(202);
        String id = json(queued).path("repository_id").asText();
        awaitFinished(id);
        HttpResponse<String> replayed = sendAsIs(request("POST", "/api/v1/dead-letters/replay?repository_id=" + id, "", OPERATOR_KEY).build());
        assertThat(replayed.statusCode()).isEqualTo(200);
        String probe = "/api/v1/collect/status/repo-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        assertThat(sendAsIs(request("GET", probe, null, null).build()).statusCode()).isEqualTo(401);

        List<JsonNode> audit = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            audit.clear();
            audit.addAll(TopicReader.events(INFRA.kafka.bootstrapServers(), "git.audit", null).stream()
                    .filter(e -> id.equals(e.path("repository_id").asText()) || probe.equals(e.path("data").path("path").asText()))
                    .toList());
            return audit.size() == 3;
        });
        audit.forEach(EventSchemas::assertValid);
        JsonNode trigger = only(audit, "collection.trigger");
        assertThat(trigger.path("data").path("actor").path("key_name").asText()).isEqualTo("test-operator");
        assertThat(trigger.path("data").path("actor").path("role").asText()).isEqualTo("operator");
        assertThat(trigger.path("data").path("outcome").asText()).isEqualTo("queued");
        assertThat(trigger.path("data").path("status").asInt()).isEqualTo(202);
        assertThat(trigger.path("repository_url").asText()).isEqualTo(repo.url());
        JsonNode replay = only(audit, "dead_letters.replay");
        assertThat(replay.path("data").path("outcome").asText()).isEqualTo("completed");
        assertThat(replay.path("data").path("reason").asText()).isEqualTo("read 0, published 0, still failing 0");
        JsonNode anonymous = only(audit, "access.denied");
        assertThat(anonymous.path("data").path("actor").path("key_name").isNull()).isTrue();
        assertThat(anonymous.path("data").path("status").asInt()).isEqualTo(401);
        assertThat(anonymous.path("data").path("method").asText()).isEqualTo("GET");
        // The viewer's denied trigger names no repository (it was never read): found by its key name.
        List<JsonNode> viewerDenials = TopicReader.events(INFRA.kafka.bootstrapServers(), "git.audit", "test-viewer").stream()
                .filter(e -> e.path("data").path("path").asText().equals("/api/v1/collect/trigger")).toList();
        assertThat(viewerDenials).isNotEmpty().allSatisfy(e -> {
            assertThat(e.path("data").path("outcome").asText()).isEqualTo("forbidden");
            assertThat(e.path("data").path("status").asInt()).isEqualTo(403);
        });
        for (JsonNode event : audit) {
            assertThat(event.toString()).doesNotContain(ADMIN_KEY, OPERATOR_KEY, VIEWER_KEY, TOKEN);
        }
    }

    private static JsonNode only(List<JsonNode> events, String action) {
        List<JsonNode> matching = events.stream().filter(e -> e.path("data").path("action").asText().equals(action)).toList();
        assertThat(matching).as(action).hasSize(1);
        return matching.get(0);
    }

    private void expect(List<String> mismatches, Endpoint endpoint, String role, String key, int expected) {
        HttpResponse<String> answer = sendAsIs(request(endpoint.method(), endpoint.path(), endpoint.body().apply(role), key).build());
        if (answer.statusCode() != expected) {
            String who = key == null ? "no key" : key.equals(WRONG_KEY) ? "a wrong key" : "the " + role + " key";
            mismatches.add(endpoint.method() + " " + endpoint.path() + " with " + who + ": " + answer.statusCode()
                    + " instead of " + expected);
        }
    }

    private HttpRequest.Builder request(String method, String path, String body, String key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            builder.header("X-API-Key", key);
        }
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    }
}
