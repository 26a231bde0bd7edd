package io.gitcollector;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.support.CollectorIntegrationTest;
import io.gitcollector.support.EventSchemas;
import io.gitcollector.support.TopicReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Request bodies are read only within a limit and only as JSON in UTF-8; repository URLs have a length limit. */
class RequestLimitsTest extends CollectorIntegrationTest {

    @Test
    void aTenMegabyteTriggerIs413AndAudited() {
        String marker = "/api/v1/collect/trigger";
        byte[] body = new byte[10 * 1024 * 1024];
        Arrays.fill(body, (byte) ' ');
        long before = auditOf(marker, 413).size();

        HttpResponse<String> sized = send(HttpRequest.newBuilder(uri(marker)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        // Chunked: no Content-Length to judge by, so the body is read up to the limit and no further.
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(uri(marker)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());

        for (HttpResponse<String> answer : List.of(sized, chunked)) {
            assertThat(answer.statusCode()).isEqualTo(413);
            assertThat(json(answer).path("error").asText()).isEqualTo("payload_too_large");
            assertThat(json(answer).path("message").asText()).contains("65536 bytes").contains("collector.security.max-request-body");
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> auditOf(marker, 413).size() == before + 2);
        JsonNode audit = auditOf(marker, 413).get(0);
        EventSchemas.assertValid(audit);
        assertThat(audit.path("data").path("action").asText()).isEqualTo("collection.trigger");
        assertThat(audit.path("data").path("actor").path("key_name").asText()).isEqualTo("test-admin");
    }

    @Test
    void aTwoMegabyteUrlIsRefusedAndStoresNothing() {
        String giant = GITHUB.apiUrl() + "/acme/" + "a".repeat(2 * 1024 * 1024);
        String longUrl = GITHUB.apiUrl() + "/acme/" + "b".repeat(3_000);

        HttpResponse<String> huge = post("/api/v1/collect/trigger", "{\"repository_url\":\"" + giant + "\"}");
        HttpResponse<String> tooLong = post("/api/v1/collect/trigger", "{\"repository_url\":\"" + longUrl + "\"}");
        HttpResponse<String> statusByLongUrl = get("/api/v1/collect/status?repository_url=" + GITHUB.apiUrl() + "/acme/" + "c".repeat(2_100));

        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json(tooLong).path("message").asText()).contains("at most 2048 are accepted");
        assertThat(statusByLongUrl.statusCode()).isEqualTo(400);
        assertThat(json(statusByLongUrl).path("error").asText()).isEqualTo("bad_request");
    }

    @Test
    void aBodyThatIsNotJsonInUtf8Is400Json() {
        String url = GITHUB.createRepository("limits", "utf8-" + UUID.randomUUID().toString().substring(0, 8)).seed(1, 0, 0).url();
        byte[] broken = ("{\"repository_url\":\"" + url + "\u0000\"}").getBytes(StandardCharsets.UTF_8);
        broken[broken.length - 3] = (byte) 0xC3; // a lead byte with no continuation: not UTF-8

        HttpResponse<String> invalid = send(HttpRequest.newBuilder(uri("/api/v1/collect/trigger"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(broken)).build());
        HttpResponse<String> form = send(HttpRequest.newBuilder(uri("/api/v1/collect/trigger"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("repository_url=" + url)).build());
        HttpResponse<String> text = send(HttpRequest.newBuilder(uri("/api/v1/collect/trigger"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{\"repository_url\":\"" + url + "\"}")).build());

        for (HttpResponse<String> answer : List.of(invalid, form, text)) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(json(answer).path("error").asText()).isEqualTo("bad_request");
        }
        assertThat(json(invalid).path("message").asText()).isEqualTo("the request body is not valid UTF-8");
        assertThat(json(form).path("message").asText()).contains("application/x-www-form-urlencoded is not accepted");
        // None of them queued the repository.
        assertThat(get("/api/v1/collect/status?repository_url=" + url).statusCode()).isEqualTo(404);
    }

    private static List<JsonNode> auditOf(String path, int status) {
        return TopicReader.events(INFRA.kafka.bootstrapServers(), "git.audit", null).stream()
                .filter(e -> path.equals(e.path("data").path("path").asText()) && e.path("data").path("status").asInt() == status)
                .toList();
    }
}
