package io.gitcollector;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.support.CollectorIntegrationTest;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An instance whose job consumers are gone takes no job: /health says so, whatever Kafka and Redis answer. */
class JobConsumersHealthTest extends CollectorIntegrationTest {

    private static final String ROUTE = "run-collection-job";

    @Autowired
    CamelContext camel;

    @Test
    void healthIs503NamingTheJobConsumersWhileTheirRouteIsStoppedAnd200OnceItRunsAgain() throws Exception {
        JsonNode healthy = json(get("/health"));
        assertThat(healthy.path("jobs").path("status").asText()).isEqualTo("up");
        assertThat(healthy.path("jobs").path("consumers").asInt()).isEqualTo(3);
        assertThat(healthy.path("jobs").path("expected").asInt()).isEqualTo(3);

        camel.getRouteController().stopRoute(ROUTE);
        try {
            HttpResponse<String> response = get("/health");

            assertThat(response.statusCode()).isEqualTo(503);
            JsonNode body = json(response);
            assertThat(body.path("status").asText()).isEqualTo("unhealthy");
            assertThat(body.path("jobs").path("status").asText()).isEqualTo("down");
            assertThat(body.path("jobs").path("consumers").asInt()).isZero();
            assertThat(body.path("jobs").path("expected").asInt()).isEqualTo(3);
            assertThat(body.path("jobs").path("reason").asText()).contains(ROUTE).contains("stopped");
            assertThat(body.path("kafka").path("status").asText()).isEqualTo("up");
            assertThat(body.path("redis").path("status").asText()).isEqualTo("up");
        } finally {
            // The context is shared with every other test class: the consumers must run again whatever happened.
            camel.getRouteController().startRoute(ROUTE);
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/health").statusCode() == 200);
        assertThat(json(get("/health")).path("jobs").path("consumers").asInt()).isEqualTo(3);
    }
}
