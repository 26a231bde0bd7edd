package io.gitcollector;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.support.CollectorIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No spelling of a path gets past the access rules: encoded slashes, path parameters, double slashes and dot
 * segments are refused 400 with the JSON error before any rule is read, and another case is another path (one no
 * rule opens). HEAD and OPTIONS go by the same rules, and a browser's preflight is answered for the allowed origin only.
 */
class FirewallTest extends CollectorIntegrationTest {

    private static final String REPOSITORY = "/api/v1/collect/status/repo-0000000000000000";
    private static final String NOT_CANONICAL = "the path is not in canonical form (no '..', '.', ';', '//', backslashes "
            + "or encoded dots and slashes)";

    @Test
    void aPathInAnyOtherSpellingIsRefused400WithTheJsonErrorWhateverKeyItCarries() {
        List<String[]> smuggled = List.of(
                new String[] {"GET", "/api/v1/collect/status%2Frepo-0000000000000000"},
                new String[] {"POST", "/actuator%2Fjolokia"},
                new String[] {"POST", "/actuator%2fjolokia"},
                new String[] {"POST", "/actuator%5Cjolokia"},
                new String[] {"POST", "/api/v1/collect/trigger;x=y"},
                new String[] {"GET", REPOSITORY + ";jsessionid=x"},
                new String[] {"POST", "/actuator;x=y/jolokia"},
                new String[] {"POST", "//api/v1/collect/trigger"},
                new String[] {"POST", "/actuator//jolokia"},
                new String[] {"GET", "/api//v1/collect/status/repo-0000000000000000"},
                new String[] {"GET", "/actuator/health/../jolokia"},
                new String[] {"GET", "/actuator/health/%2e%2e/jolokia"},
                new String[] {"GET", "/actuator/health/%2E%2E/jolokia"},
                new String[] {"GET", "/actuator/health/%252e%252e/jolokia"});
        List<String> answered = new ArrayList<>();
        for (String[] request : smuggled) {
            for (String key : java.util.Arrays.asList(null, VIEWER_KEY, ADMIN_KEY)) {
                HttpResponse<String> answer = sendAsIs(raw(request[0], request[1], key));
                boolean isJson = answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
                JsonNode body = isJson ? json(answer) : null;
                if (answer.statusCode() != 400 || !isJson || !body.path("error").asText().equals("bad_request")
                        || body.path("status").asInt() != 400 || !body.path("message").asText().equals(NOT_CANONICAL)) {
                    answered.add(request[0] + " " + request[1] + " with " + (key == null ? "no key" : key.equals(ADMIN_KEY)
                            ? "the admin key" : "the viewer key") + " -> " + answer.statusCode() + " " + answer.body());
                }
            }
        }
        assertThat(answered).isEmpty();
    }

    @Test
    void anotherCaseIsAnotherPathThatNoRuleOpens() {
        // Paths are case-sensitive, here as in every servlet: /API/V1/... names nothing, and needs an admin as any unknown path.
        String upper = "/API/V1/COLLECT/STATUS/repo-0000000000000000";
        assertThat(sendAsIs(raw("GET", upper, null)).statusCode()).isEqualTo(401);
        assertThat(sendAsIs(raw("GET", upper, VIEWER_KEY)).statusCode()).isEqualTo(403);
        assertThat(sendAsIs(raw("GET", upper, ADMIN_KEY)).statusCode()).isEqualTo(404);
        assertThat(sendAsIs(raw("POST", "/Actuator/jolokia", null)).statusCode()).isEqualTo(401);
        assertThat(sendAsIs(raw("POST", "/Actuator/jolokia", OPERATOR_KEY)).statusCode()).isEqualTo(403);
        assertThat(sendAsIs(raw("POST", "/Actuator/jolokia", ADMIN_KEY)).statusCode()).isEqualTo(404);
        assertThat(sendAsIs(raw("GET", "/HEALTH", null)).statusCode()).isEqualTo(401);
    }

    @Test
    void onlyHealthIsOpenAndUnknownPathsNeedAnAdmin() {
        assertThat(sendAsIs(raw("GET", "/health", null)).statusCode()).isEqualTo(200);
        assertThat(sendAsIs(raw("GET", "/actuator/health", null)).statusCode()).isEqualTo(200);
        assertThat(sendAsIs(raw("GET", "/healthz", null)).statusCode()).isEqualTo(401);
        assertThat(sendAsIs(raw("GET", "/healthz", ADMIN_KEY)).statusCode()).isEqualTo(404);
        assertThat(sendAsIs(raw("GET", "/api/v2/anything", OPERATOR_KEY)).statusCode()).isEqualTo(403);
        assertThat(sendAsIs(raw("GET", "/actuator/info", OPERATOR_KEY)).statusCode()).isEqualTo(403);
        assertThat(sendAsIs(raw("GET", "/metrics", VIEWER_KEY)).statusCode()).isEqualTo(200);
        assertThat(sendAsIs(raw("GET", REPOSITORY, VIEWER_KEY)).statusCode()).isEqualTo(404);
    }

    @Test
    void headGoesByTheRulesOfGet() {
        HttpResponse<String> withoutKey = sendAsIs(raw("HEAD", "/metrics", null));
        assertThat(withoutKey.statusCode()).isEqualTo(401);
        assertThat(withoutKey.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"git-collector\"");
        assertThat(sendAsIs(raw("HEAD", REPOSITORY, null)).statusCode()).isEqualTo(401);
        assertThat(sendAsIs(raw("HEAD", "/actuator/info", VIEWER_KEY)).statusCode()).isEqualTo(403);
        assertThat(sendAsIs(raw("HEAD", "/metrics", VIEWER_KEY)).statusCode()).isEqualTo(200);
        assertThat(sendAsIs(raw("HEAD", "/health", null)).statusCode()).isEqualTo(200);
    }

    @Test
    void aPreflightFromTheAllowedOriginIsAnsweredAndFromAnyOtherRefusedWithoutACorsHeader() {
        HttpResponse<String> allowed = sendAsIs(preflight(ALLOWED_ORIGIN, "/api/v1/collect/trigger", "POST"));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED_ORIGIN);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET,HEAD,POST");
        assertThat(allowed.headers().allValues("Access-Control-Allow-Headers")).containsExactly("x-api-key, content-type");
        assertThat(allowed.headers().firstValue("Access-Control-Max-Age")).hasValue("600");

        for (HttpResponse<String> refused : List.of(sendAsIs(preflight("https://evil.example", "/api/v1/collect/trigger", "POST")),
                sendAsIs(preflight("null", REPOSITORY, "GET")),
                sendAsIs(preflight(ALLOWED_ORIGIN, "/api/v1/collect/trigger", "DELETE")))) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(json(refused).path("error").asText()).isEqualTo("forbidden");
            assertThat(refused.headers().map().keySet()).as(refused.headers().map().toString())
                    .noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
        }
        // /actuator is never shared, not even with the allowed origin: its page is another site there.
        HttpResponse<String> console = sendAsIs(preflight(ALLOWED_ORIGIN, "/actuator/jolokia", "POST"));
        assertThat(console.statusCode()).isEqualTo(403);
        assertThat(console.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
    }

    @Test
    void theAllowedOriginsPageReadsTheAnswerAndAnyOtherOriginsIsAnsweredWithoutACorsHeader() {
        HttpResponse<String> allowed = sendAsIs(HttpRequest.newBuilder(uri("/metrics")).header("Origin", ALLOWED_ORIGIN)
                .header("X-API-Key", VIEWER_KEY).GET().build());
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED_ORIGIN);
        HttpResponse<String> other = sendAsIs(HttpRequest.newBuilder(uri("/metrics")).header("Origin", "https://evil.example")
                .header("X-API-Key", VIEWER_KEY).GET().build());
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
        // The key check answers the page of the allowed origin as any other caller, readable by it.
        HttpResponse<String> withoutKey = sendAsIs(HttpRequest.newBuilder(uri("/metrics")).header("Origin", ALLOWED_ORIGIN).GET().build());
        assertThat(withoutKey.statusCode()).isEqualTo(401);
        assertThat(withoutKey.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED_ORIGIN);
    }

    private HttpRequest preflight(String origin, String path, String method) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).header("Origin", origin)
                .header("Access-Control-Request-Method", method).header("Access-Control-Request-Headers", "x-api-key, content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build();
    }

    /** Exactly this path, unresolved, with this key (or none); a POST carries an empty JSON object. */
    private HttpRequest raw(String method, String path, String key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            builder.header("X-API-Key", key);
        }
        if (method.equals("POST")) {
            return builder.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        }
        return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
    }
}
