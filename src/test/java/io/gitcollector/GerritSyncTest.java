package io.gitcollector;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.simulator.SimulatedGerritProject;
import io.gitcollector.support.EventKeys;
import io.gitcollector.support.PlatformSyncTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gerrit, a source written in YAML alone (routes/gerrit.yaml): a project's changes, votes, messages and merged
 * commits, full and then incremental against the Gerrit simulator (XSSI prefix, S/_more_changes paging, after:,
 * HTTP Basic under /a/).
 */
class GerritSyncTest extends PlatformSyncTest {

    @Autowired
    ProducerTemplate template;

    @Test
    void aProjectIsCollectedFullyThenOnlyWhatChangedSinceAfterwards() {
        // 230 changes: three pages of 100 (the platform's page size), the last cut short.
        SimulatedGerritProject project = GERRIT.createProject("platform/build").seed(120, 90, 20);
        String id = completed(project.url(), true).path("repository_id").asText();

        List<JsonNode> before = allEvents(id);
        assertExactly(before, expected(project));
        int queries = GERRIT.changeQueries().size();

        JsonNode change = events("git.pull_requests", id, "pull_request_merged").stream()
                .filter(e -> e.path("data").path("number").asInt() == project.changes().stream()
                        .filter(c -> c.get("status").asText().equals("MERGED")).findFirst().orElseThrow().get("_number").asInt())
                .findFirst().orElseThrow();
        assertThat(change.path("data").path("url").asText())
                .isEqualTo(GERRIT.baseUrl() + "/c/platform/build/+/" + change.path("data").path("number").asInt());
        assertThat(change.path("data").path("merged_by").path("login").asText()).isEqualTo("jroe");
        JsonNode repository = events("git.repositories", id, "repository_synced").get(0);
        assertThat(repository.path("data").path("default_branch").asText()).isEqualTo("main");
        assertThat(repository.path("data").path("full_name").asText()).isEqualTo("platform/build");

        int opened = project.openChange();
        int alsoOpened = project.openChange(); // one more open change than before: the health figures change
        int underReview = project.changes().stream().filter(c -> c.get("status").asText().equals("NEW"))
                .filter(c -> c.get("_number").asInt() < opened).findFirst().orElseThrow().get("_number").asInt();
        String voteMessage = project.vote(underReview, 2, 2);
        String message = project.comment(underReview, 0, "Done, thanks.");
        project.merge(underReview);

        completed(project.url(), false);

        List<String> incremental = GERRIT.changeQueries().subList(queries, GERRIT.changeQueries().size());
        assertThat(incremental).hasSize(1);
        assertThat(incremental.get(0)).startsWith("project:platform/build after:\"2024-").endsWith(" +0000\"");

        ObjectNode merged = change(project, underReview);
        List<JsonNode> added = since(allEvents(id), before);
        assertExactly(added, new EventKeys.Expected()
                .add("pull_request_opened", opened)
                .add("pull_request_opened", alsoOpened)
                .add("pull_request_merged", underReview)
                .add("review_submitted", underReview + "/1000098")
                .add("review_comment_created", voteMessage)
                .add("review_comment_created", message)
                .add("commit_created", merged.get("current_revision").asText())
                .health());
    }

    @ParameterizedTest(name = "{0} {1}[{2}] through {5}")
    @CsvFileSource(resources = "/mappings/gerrit-cases.csv", numLinesToSkip = 1)
    void gerritMappersTurnDocumentedObjectsIntoNormalizedEvents(String platform, String entity, String index, String pointer,
                                                               String embed, String mapper, String parentJson,
                                                               String expectedName) throws java.io.IOException {
        MappingTest.check(template, platform, entity, index, pointer, embed, mapper, parentJson, expectedName);
    }

    private static ObjectNode change(SimulatedGerritProject project, int number) {
        return project.changes().stream().filter(c -> c.get("_number").asInt() == number).findFirst().orElseThrow();
    }

    /** What the simulator's data must give: every change, every vote that is not 0, people's messages, merged commits. */
    private static EventKeys.Expected expected(SimulatedGerritProject project) {
        EventKeys.Expected expected = new EventKeys.Expected().add("repository_synced", "platform%2Fbuild").health();
        for (ObjectNode change : project.changes()) {
            int number = change.get("_number").asInt();
            String status = change.get("status").asText();
            expected.add(switch (status) {
                case "MERGED" -> "pull_request_merged";
                case "ABANDONED" -> "pull_request_closed";
                default -> "pull_request_opened";
            }, number);
            change.get("labels").get("Code-Review").get("all").forEach(vote -> {
                if (vote.path("value").asInt() != 0) {
                    expected.add("review_submitted", number + "/" + vote.get("_account_id").asText());
                }
            });
            change.get("messages").forEach(m -> {
                if (!m.path("tag").asText().startsWith("autogenerated:")) {
                    expected.add("review_comment_created", m.get("id").asText());
                }
            });
            if (status.equals("MERGED")) {
                expected.add("commit_created", change.get("current_revision").asText());
            }
        }
        return expected;
    }
}
