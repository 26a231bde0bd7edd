package io.gitcollector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.simulator.SimulatedGiteaRepository;
import io.gitcollector.support.EventKeys;
import io.gitcollector.support.OrganizationChecks;
import io.gitcollector.support.PlatformSyncTest;
import io.gitcollector.support.SourceFiles;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Gitea is a platform added as one YAML file. The service starts without it (the test routes directory
 * holds every source but routes/gitea.yaml); this test drops the file in while the service runs, collects
 * through it, then edits it and sees the edit take effect — no rebuild, no restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GiteaSourceTest extends PlatformSyncTest {

    private static final Path SOURCE = Path.of("routes/gitea.yaml");

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate template;

    @Test
    @Order(1)
    void aSourceDroppedIntoTheRoutesDirectoryIsLoadedAndCollectsFullyThenIncrementally() throws IOException {
        SimulatedGiteaRepository repo = GITEA.createRepository("tea-org", "kettle").seed(70, 8, 2, 6, 2);
        if (camel.getRoute("gitea-sync") == null) {
            // Before the file is there, a Gitea job has no source to run: it fails and says so.
            JsonNode failed = collect(repo.url(), true);
            assertThat(failed.path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("last_error").asText()).startsWith("no source for platform gitea: no route reads from direct:sync-gitea");
        }
        loadSource();

        String id = completed(repo.url(), true).path("repository_id").asText();
        List<JsonNode> before = allEvents(id);
        assertExactly(before, expected(repo));

        List<String> shas = repo.addCommits(2);
        int open = repo.pulls().stream().filter(p -> p.get("state").asText().equals("open")).findFirst().orElseThrow()
                .get("number").asInt();
        long review = repo.addReview(open, "APPROVED");
        int issue = repo.openIssue();
        long comment = repo.addIssueComment(issue);

        completed(repo.url(), false);

        List<JsonNode> added = since(allEvents(id), before);
        EventKeys.Expected expected = new EventKeys.Expected()
                .addAll("commit_created", shas)
                .add("pull_request_opened", pull(repo, open).get("id").asLong())
                .add("review_submitted", review)
                .add("issue_opened", issue(repo, issue).get("id").asLong())
                .add("issue_comment_created", comment)
                .health();
        if (added.stream().anyMatch(e -> e.path("event_type").asText().equals("repository_synced"))) {
            expected.add("repository_synced", repo.repository().get("id").asLong());
        }
        assertExactly(added, expected);
    }

    @ParameterizedTest(name = "{0} {1}[{2}] through {5}")
    @Order(2)
    @CsvFileSource(resources = "/mappings/gitea-cases.csv", numLinesToSkip = 1)
    void giteaMappersTurnRealObjectsIntoNormalizedEvents(String platform, String entity, String index, String pointer,
                                                          String embed, String mapper, String parentJson,
                                                          String expectedName) throws IOException {
        loadSource();
        MappingTest.check(template, platform, entity, index, pointer, embed, mapper, parentJson, expectedName);
    }

    @Test
    @Order(3)
    void editingTheSourceWhileTheServiceRunsReloadsIt() throws IOException {
        loadSource();
        Path live = INFRA.routesDir.resolve("gitea.yaml");
        // The edit: repositories' descriptions are now marked by the mapper.
        String edited = Files.readString(SOURCE).replace(
                "description: (if .description == \"\" then null else .description end),",
                "description: (\"edited: \" + (.description // \"\")),");
        assertThat(edited).isNotEqualTo(Files.readString(SOURCE));
        SourceFiles.replace(live, edited);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            SimulatedGiteaRepository repo = GITEA.createRepository("tea-org", "reloaded-" + System.nanoTime()).seed(1, 0, 0, 0, 0);
            JsonNode status = completed(repo.url(), true);
            JsonNode repository = events("git.repositories", status.path("repository_id").asText(), "repository_synced").get(0);
            assertThat(repository.path("data").path("description").asText()).startsWith("edited: ");
        });
        SourceFiles.replace(live, Files.readString(SOURCE)); // back to the shipped source
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            SimulatedGiteaRepository repo = GITEA.createRepository("tea-org", "restored-" + System.nanoTime()).seed(1, 0, 0, 0, 0);
            JsonNode status = completed(repo.url(), true);
            JsonNode repository = events("git.repositories", status.path("repository_id").asText(), "repository_synced").get(0);
            assertThat(repository.path("data").path("description").asText()).doesNotStartWith("edited: ");
        });
    }

    /** Three protection rules (main, and two added): three events, one per rule. */
    @Test
    @Order(4)
    void everyBranchProtectionRuleIsOneEvent() throws IOException {
        loadSource();
        SimulatedGiteaRepository repo = GITEA.createRepository("tea-org", "protected").seed(3, 0, 0, 0, 0);
        repo.addBranchProtection("release/*");
        repo.addBranchProtection("stable");

        String id = completed(repo.url(), true).path("repository_id").asText();

        assertThat(events("git.repositories", id, "branch_protection_synced"))
                .extracting(e -> e.path("data").path("branch").asText())
                .containsExactlyInAnyOrder(SimulatedGiteaRepository.DEFAULT_BRANCH, "release/*", "stable");
    }

    /** An organization registered over the API: gitea.yaml's discovery route lists its repositories, each collected. */
    @Test
    void anOrganizationsRepositoriesAreDiscoveredAndCollected() throws IOException {
        loadSource();
        String org = "tea-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        GITEA.createRepository("elsewhere-" + org, "outside").seed(1, 0, 0, 0, 0);
        new OrganizationChecks(this).expectDiscoveredAndCollected(GITEA.baseUrl() + "/" + org, Map.of(
                GITEA.createRepository(org, "one").seed(1, 0, 0, 0, 0).url(), 1,
                GITEA.createRepository(org, "two").seed(3, 0, 0, 0, 0).url(), 3));
    }

    /** Copies routes/gitea.yaml into the running service's routes directory, once, and waits until its routes run. */
    private void loadSource() throws IOException {
        Path live = INFRA.routesDir.resolve("gitea.yaml");
        if (!Files.exists(live)) {
            SourceFiles.replace(live, Files.readString(SOURCE));
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> camel.getRoute("gitea-sync") != null && camel.getRoute("gitea-map-branch-protection") != null);
    }

    private static ObjectNode pull(SimulatedGiteaRepository repo, int number) {
        return repo.pulls().stream().filter(p -> p.get("number").asInt() == number).findFirst().orElseThrow();
    }

    private static ObjectNode issue(SimulatedGiteaRepository repo, int number) {
        return repo.issues().stream().filter(p -> p.get("number").asInt() == number).findFirst().orElseThrow();
    }

    private static EventKeys.Expected expected(SimulatedGiteaRepository repo) {
        EventKeys.Expected expected = new EventKeys.Expected().add("repository_synced", repo.repository().get("id").asLong()).health();
        repo.commits().forEach(c -> expected.add("commit_created", c.get("sha").asText()));
        for (ObjectNode pull : repo.pulls()) {
            String type = pull.get("merged").asBoolean() ? "pull_request_merged"
                    : pull.get("state").asText().equals("closed") ? "pull_request_closed" : "pull_request_opened";
            expected.add(type, pull.get("id").asLong());
            repo.reviews(pull.get("number").asInt()).stream()
                    .filter(r -> !List.of("PENDING", "REQUEST_REVIEW").contains(r.get("state").asText()))
                    .forEach(r -> expected.add("review_submitted", r.get("id").asLong()));
        }
        repo.issues().forEach(i -> expected.add(i.get("state").asText().equals("closed") ? "issue_closed" : "issue_opened",
                i.get("id").asLong()));
        repo.comments().forEach(c -> expected.add(c.get("pull_request_url").asText("").isEmpty()
                ? "issue_comment_created" : "review_comment_created", c.get("id").asLong()));
        repo.branchProtections().forEach(b -> expected.add("branch_protection_synced", b.get("rule_name").asText()));
        return expected;
    }
}
