package io.gitcollector;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.CollectorIntegrationTest;
import io.gitcollector.support.TopicReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CollectionStatusTest extends CollectorIntegrationTest {

    @Test
    void statusMovesFromQueuedThroughRunningWithProgressToCompleted() {
        SimulatedRepository repo = GITHUB.createRepository("acme", "watched").seed(300, 10, 1);
        repo.faults().holdAfter(2); // the repository and the first page of commits, then the run waits

        try {
            watchRun(repo);
        } finally {
            repo.faults().release(); // a failed assertion must not leave a job held: later tests share the consumers
        }
    }

    private void watchRun(SimulatedRepository repo) {
        JsonNode queued = trigger(repo.url(), true);
        assertThat(queued.path("status").asText()).isEqualTo("queued");
        String id = queued.path("repository_id").asText();
        assertThat(id).matches("repo-[0-9a-f]{16}");

        List<String> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            JsonNode s = status(id);
            seen.add(s.path("status").asText());
            return s.path("status").asText().equals("running")
                    && s.path("progress").path("resources").path("commits").path("pages").asInt() == 1;
        });
        JsonNode running = status(id);
        assertThat(running.path("started_at").isTextual()).isTrue();
        JsonNode commits = running.path("progress").path("resources").path("commits");
        assertThat(commits.path("items").asInt()).isEqualTo(100);
        assertThat(commits.path("published").asInt()).isEqualTo(100);
        assertThat(commits.path("state").asText()).isEqualTo("running");
        assertThat(commits.path("pages_expected").asInt()).as("from the Link header's rel=last").isEqualTo(3);
        assertThat(running.path("progress").path("api_calls").asInt()).isEqualTo(2);
        assertThat(seen).doesNotContain("completed", "failed");

        // A trigger while it runs starts nothing new and says so.
        HttpResponse<String> again = post("/api/v1/collect/trigger", "{\"repository_url\":\"" + repo.url() + "\"}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).path("status").asText()).isEqualTo("running");
        assertThat(json(again).path("message").asText()).contains("already running");

        repo.faults().release();
        JsonNode done = awaitFinished(id);
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("last_sync").isTextual()).isTrue();
        assertThat(done.path("next_sync").isNull()).as("not scheduled").isTrue();
        assertThat(done.path("progress").path("resources").path("commits").path("state").asText()).isEqualTo("done");
        assertThat(done.path("progress").path("resources").path("commits").path("published").asInt()).isEqualTo(300);
        long jobs = TopicReader.records(INFRA.kafka.bootstrapServers(), "git.collect.jobs").stream()
                .filter(r -> r.key().equals(id)).count();
        assertThat(jobs).as("one job, though triggered twice").isEqualTo(1);

        // The same status by URL, in any spelling of it.
        JsonNode byUrl = json(get("/api/v1/collect/status?repository_url=" + repo.url().toUpperCase().replace("HTTP://", "http://") + ".git"));
        assertThat(byUrl.path("repository_id").asText()).isEqualTo(id);
    }

    @Test
    void unknownRepositoryIs404WithJsonError() {
        HttpResponse<String> response = get("/api/v1/collect/status/repo-0000000000000000");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("error").asText()).isEqualTo("not_found");
        assertThat(json(response).path("message").asText()).contains("repo-0000000000000000");
    }
}
