package io.gitcollector;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.CollectorIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionalRequestTest extends CollectorIntegrationTest {

    @Test
    void incrementalSyncOfAnUnchangedRepositorySpendsOnlyNotModifiedAnswers() {
        SimulatedRepository repo = GITHUB.createRepository("acme", "unchanged").seed(120, 20, 1);
        String id = collect(repo.url(), true).path("repository_id").asText();
        collect(repo.url(), false); // the first incremental run remembers its since= page's ETag too
        int eventsBefore = allEvents(id);
        long notModifiedBefore = GITHUB.notModifiedTo("/acme/unchanged");

        JsonNode quiet = collect(repo.url(), false);

        assertThat(quiet.path("status").asText()).isEqualTo("completed");
        JsonNode resources = quiet.path("progress").path("resources");
        List<String> lists = List.of("commits", "pull_requests", "issues", "issue_comments", "review_comments",
                "workflow_runs");
        for (String resource : lists) {
            assertThat(resources.path(resource).path("not_modified").asInt()).as(resource).isEqualTo(1);
            assertThat(resources.path(resource).path("api_calls").asInt()).as(resource).isEqualTo(1);
        }
        // Always read: the repository (its default branch's protection, unprotected here: 404, hangs off it),
        // contributors (sorted by count, page 1 may not show a change) and teams (their members are not in the ETag).
        for (String resource : List.of("repository", "contributors", "teams")) {
            assertThat(resources.path(resource).path("not_modified").asInt()).as(resource).isZero();
        }
        assertThat(quiet.path("progress").path("api_calls").asInt()).isEqualTo(lists.size() + 4);
        assertThat(GITHUB.notModifiedTo("/acme/unchanged") - notModifiedBefore).isEqualTo(lists.size());
        assertThat(allEvents(id)).isEqualTo(eventsBefore);
    }

    @Test
    void aChangedResourceIsFetchedAgainWhileUnchangedOnesAnswer304() {
        SimulatedRepository repo = GITHUB.createRepository("acme", "partly-changed").seed(50, 10, 1);
        String id = collect(repo.url(), true).path("repository_id").asText();
        collect(repo.url(), false);
        List<String> added = repo.addCommits(2);

        JsonNode status = collect(repo.url(), false);

        JsonNode resources = status.path("progress").path("resources");
        assertThat(resources.path("commits").path("not_modified").asInt()).isZero();
        assertThat(resources.path("commits").path("published").asInt()).isEqualTo(2);
        assertThat(resources.path("repository").path("published").asInt()).as("pushed_at moved").isEqualTo(1);
        assertThat(resources.path("pull_requests").path("not_modified").asInt()).isEqualTo(1);
        assertThat(events("git.commits", id)).extracting(e -> e.path("data").path("sha").asText()).containsAll(added);
    }

    private int allEvents(String id) {
        return events("git.repositories", id).size() + events("git.commits", id).size() + events("git.pull_requests", id).size();
    }
}
