package io.gitcollector;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.support.CollectorIntegrationTest;
import io.gitcollector.support.EventSchemas;
import io.gitcollector.support.TopicReader;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hawtio's Jolokia cannot be driven from another site's page, reflects no origin, runs nothing on a GET,
 * reaches no other JVM and no MBean that hands out the environment; what an admin does through it is audited.
 */
class ConsoleSecurityTest extends CollectorIntegrationTest {

    private static final String STOP_ROUTE = "/actuator/jolokia/exec/org.apache.camel:context=git-collector,"
            + "name=%22collection-status-by-url%22,type=routes/stop()";

    @Autowired
    private CamelContext camel;

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_KEY).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCrossSiteGetThatWouldStopARouteIsRefusedAndTheRouteRuns() {
        HttpResponse<String> forged = sendAsIs(HttpRequest.newBuilder(uri(STOP_ROUTE))
                .header("Authorization", basic()).header("Sec-Fetch-Site", "cross-site").GET().build());

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(json(forged).path("error").asText()).isEqualTo("forbidden");
        assertThat(camel.getRouteController().getRouteStatus("collection-status-by-url")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void jolokiaRunsNothingOnAGetEvenForAnAdmin() {
        HttpResponse<String> get = sendAsIs(HttpRequest.newBuilder(uri(STOP_ROUTE)).header("Authorization", basic()).GET().build());

        assertThat(get.body()).doesNotContain("\"status\":200");
        assertThat(camel.getRouteController().getRouteStatus("collection-status-by-url")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void noAnswerNamesAnOriginThatIsNotAllowed() {
        String evil = "http://evil.example";
        HttpResponse<String> jolokia = sendAsIs(HttpRequest.newBuilder(uri("/actuator/jolokia"))
                .header("Authorization", basic()).header("Origin", evil).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"version\"}")).build());
        HttpResponse<String> preflight = sendAsIs(HttpRequest.newBuilder(uri("/actuator/jolokia")).header("Origin", evil)
                .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        HttpResponse<String> api = send(HttpRequest.newBuilder(uri("/api/v1/collect/status/repo-0000000000000000"))
                .header("Origin", evil).GET().build());
        HttpResponse<String> apiPreflight = sendAsIs(HttpRequest.newBuilder(uri("/api/v1/collect/trigger")).header("Origin", evil)
                .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(jolokia.statusCode()).isEqualTo(403);
        assertThat(api.statusCode()).isEqualTo(404);
        for (HttpResponse<String> answer : List.of(jolokia, preflight, api, apiPreflight)) {
            assertThat(answer.headers().map().keySet()).as(answer.uri() + " " + answer.headers().map())
                    .noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
        }
    }

    @Test
    void theConsoleOwnPagesStillReachJolokia() {
        String origin = "http://127.0.0.1:" + port;
        HttpResponse<String> sameOrigin = sendAsIs(HttpRequest.newBuilder(uri("/actuator/jolokia"))
                .header("Authorization", basic()).header("Origin", origin).header("Sec-Fetch-Site", "same-origin")
                .header("Content-Type", "text/json").POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"version\"}")).build());

        assertThat(sameOrigin.statusCode()).isEqualTo(200);
        assertThat(json(sameOrigin).path("status").asInt()).as(sameOrigin.body()).isEqualTo(200);
    }

    @Test
    void mbeansThatReadTheEnvironmentOrTheHeapAreClosedToAdminsToo() {
        List<String> requests = List.of(
                "{\"type\":\"exec\",\"mbean\":\"jdk.management.jfr:type=FlightRecorder\",\"operation\":\"newRecording\"}",
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\",\"operation\":\"vmSystemProperties\"}",
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\",\"operation\":\"dumpHeap\","
                        + "\"arguments\":[\"/tmp/heap.hprof\",true]}",
                "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"SystemProperties\"}",
                "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=git-collector,type=context,name=\\\"git-collector\\\"\","
                        + "\"operation\":\"sendBody(java.lang.String,java.lang.Object)\",\"arguments\":[\"log:x\",\"x\"]}");
        for (String request : requests) {
            JsonNode answer = jolokia(request);
            assertThat(answer.path("status").asInt()).as(request + " -> " + answer).isEqualTo(403);
        }
        // What the console is for stays open.
        JsonNode routes = jolokia("{\"type\":\"read\",\"mbean\":\"org.apache.camel:context=git-collector,type=routes,"
                + "name=\\\"health\\\"\",\"attribute\":\"State\"}");
        assertThat(routes.path("value").asText()).as(routes.toString()).isEqualTo("Started");
    }

    @Test
    void aRequestNamingAnotherJvmIsAnsweredHereAndOpensNoConnection() throws Exception {
        try (java.net.ServerSocket elsewhere = new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            JsonNode answer = jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Name\","
                    + "\"target\":{\"url\":\"service:jmx:rmi:///jndi/rmi://127.0.0.1:" + elsewhere.getLocalPort() + "/jmxrmi\"}}");

            // With the JSR-160 proxy the request would have gone to that address before the answer came back.
            assertThat(answer.path("value").asText()).as(answer.toString())
                    .isEqualTo(java.lang.management.ManagementFactory.getRuntimeMXBean().getName());
            elsewhere.setSoTimeout(1);
            org.assertj.core.api.Assertions.assertThatThrownBy(elsewhere::accept).isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void anAdminsOperationThroughTheConsoleIsAuditedWithItsTarget() {
        String marker = UUID.randomUUID().toString();
        JsonNode answer = jolokia("[{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\"},"
                + "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\",\"config\":{\"m\":\"" + marker + "\"}}]");
        assertThat(answer.isArray()).isTrue();

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> TopicReader
                .events(INFRA.kafka.bootstrapServers(), "git.audit", null).stream()
                .anyMatch(e -> e.path("data").path("action").asText().equals("console.exec")));
        List<JsonNode> execs = TopicReader.events(INFRA.kafka.bootstrapServers(), "git.audit", null).stream()
                .filter(e -> e.path("data").path("action").asText().startsWith("console.")).toList();
        execs.forEach(EventSchemas::assertValid);
        JsonNode gc = execs.stream().filter(e -> e.path("data").path("target").asText().equals("java.lang:type=Memory gc (0 arguments)"))
                .findFirst().orElseThrow(() -> new AssertionError("no audit of the gc: " + execs));
        assertThat(gc.path("data").path("actor").path("key_name").asText()).isEqualTo("test-admin");
        assertThat(gc.path("data").path("status").asInt()).isEqualTo(200);
        // The read in the same bulk request is not an action.
        assertThat(execs).noneMatch(e -> e.path("data").path("target").asText().contains("Verbose"));
    }

    private JsonNode jolokia(String body) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/actuator/jolokia"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json(answer);
    }
}
