package io.gitcollector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.CollectorIntegrationTest;
import io.gitcollector.support.EventSchemas;
import io.gitcollector.support.SourceFiles;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeadLetterTest extends CollectorIntegrationTest {

    @Test
    void anItemThatCannotBeMappedGoesToTheDeadLetterTopicAndTheRestOfItsPageIsPublished() {
        SimulatedRepository repo = GITHUB.createRepository("acme", "malformed").seed(30, 0, 0);
        String broken = repo.commitShas().get(7);
        repo.corruptCommit(broken, "sha");

        JsonNode status = collect(repo.url(), true);

        assertThat(status.path("status").asText()).isEqualTo("completed");
        String id = status.path("repository_id").asText();
        assertThat(events("git.commits", id)).extracting(e -> e.path("data").path("sha").asText())
                .hasSize(29).doesNotContain(broken);
        List<JsonNode> dead = events("git.dlq", id);
        assertThat(dead).hasSize(1);
        JsonNode letter = dead.get(0);
        EventSchemas.assertValid(letter);
        assertThat(letter.path("data").path("resource").asText()).isEqualTo("commits");
        assertThat(letter.path("data").path("reason").asText()).contains("identity field 'sha'");
        assertThat(letter.path("data").path("payload").path("html_url").asText()).endsWith(broken);
        assertThat(status.path("progress").path("resources").path("commits").path("dead_letters").asInt()).isEqualTo(1);
    }

    @Autowired
    CamelContext camel;

    @Test
    void aMapperBugSendsItsItemToTheDeadLetterTopicAndAReplayAfterTheFixPublishesItOnce() throws Exception {
        SimulatedRepository repo = GITHUB.createRepository("acme", "mapper-bug").seed(12, 0, 0);
        String victim = repo.commitShas().get(4);
        Path source = INFRA.routesDir.resolve("github.yaml");
        String original = Files.readString(source);
        String broken = original.replace("event_type: \"commit_created\",",
                "event_type: (if .sha == \"" + victim + "\" then error(\"simulated mapper bug\") else \"commit_created\" end),");
        assertThat(broken).isNotEqualTo(original);
        try {
            reload(source, broken);
            JsonNode status = collect(repo.url(), true);
            String id = status.path("repository_id").asText();
            assertThat(status.path("status").asText()).isEqualTo("completed");
            assertThat(events("git.commits", id)).extracting(e -> e.path("data").path("sha").asText())
                    .hasSize(11).doesNotContain(victim);
            JsonNode letter = events("git.dlq", id).get(0);
            EventSchemas.assertValid(letter);
            assertThat(letter.path("data").path("reason").asText()).contains("simulated mapper bug");
            assertThat(letter.path("data").path("replay").path("mapper").asText()).isEqualTo("direct:github-map-commit");

            // Still broken: a replay publishes nothing and says so.
            JsonNode early = json(post("/api/v1/dead-letters/replay?repository_id=" + id, ""));
            assertThat(early.path("still_failing").asInt()).isEqualTo(1);
            assertThat(early.path("events_published").asInt()).isZero();

            reload(source, original); // the fix
            JsonNode replayed = json(post("/api/v1/dead-letters/replay?repository_id=" + id, ""));
            assertThat(replayed.path("dead_letters_read").asInt()).isEqualTo(1);
            assertThat(replayed.path("events_published").asInt()).isEqualTo(1);
            assertThat(events("git.commits", id)).extracting(e -> e.path("data").path("sha").asText())
                    .hasSize(12).containsOnlyOnce(victim);

            // Replayed again, or collected again: still once.
            JsonNode again = json(post("/api/v1/dead-letters/replay?repository_id=" + id, ""));
            assertThat(again.path("events_published").asInt()).isZero();
            assertThat(again.path("already_published").asInt()).isEqualTo(1);
            collect(repo.url(), true);
            assertThat(events("git.commits", id)).hasSize(12);
        } finally {
            reload(source, original);
        }
    }

    @Test
    void aReplayOfAnIdThatIsNoRepositoryIdIsABadRequest() {
        var response = post("/api/v1/dead-letters/replay?repository_id=github.com/acme", "");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("message").asText()).contains("repository_id must be");
    }

    /** Writes a source file of the running service and waits until Camel has reloaded its commit mapper. */
    private void reload(Path source, String content) throws Exception {
        if (Files.readString(source).equals(content)) {
            return;
        }
        Route before = camel.getRoute("github-map-commit");
        SourceFiles.replace(source, content);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> camel.getRoute("github-map-commit") != null && camel.getRoute("github-map-commit") != before);
    }
}
