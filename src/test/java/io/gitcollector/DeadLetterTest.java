package io.gitcollector;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.CollectorIntegrationTest;
import io.gitcollector.support.EventSchemas;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
}
