package io.gitcollector;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.model.RepositoryIdentity;
import io.gitcollector.support.CollectorIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HealthAndScheduleTest extends CollectorIntegrationTest {

    @Test
    void healthReportsKafkaAndRedisUp() {
        HttpResponse<String> response = get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = json(response);
        assertThat(health.path("status").asText()).isEqualTo("healthy");
        assertThat(health.path("version").asText()).isNotBlank();
        assertThat(Instant.parse(health.path("timestamp").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(health.path("kafka").path("status").asText()).isEqualTo("up");
        assertThat(health.path("redis").path("status").asText()).isEqualTo("up");
        assertThat(health.path("embedded").asBoolean()).as("tests use servers given by URL").isFalse();
    }

    @Test
    void configuredRepositoryIsCollectedOnItsTimerAndShowsItsNextSync() {
        String url = GITHUB.apiUrl() + "/" + SCHEDULED_OWNER + "/timer-repo";
        String id = RepositoryIdentity.idOf(url.toLowerCase());

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> status(id).path("last_sync").isTextual());

        Instant asked = Instant.now();
        JsonNode status = status(id);
        assertThat(status.path("next_sync").isTextual()).isTrue();
        // The next slot of the schedule, never one gone by.
        assertThat(Instant.parse(status.path("next_sync").asText())).isAfter(asked.minusMillis(1));
        assertThat(Instant.parse(status.path("next_sync").asText()))
                .isAfter(Instant.parse(status.path("last_sync").asText()).minusMillis(1));
        assertThat(events("git.commits", id)).hasSize(5);
    }
}
