package io.gitcollector;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.CollectorIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionalRequestTest extends CollectorIntegrationTest {

    @Test
    void incrementalSyncOfAnUnchangedRepositorySpendsNoQuota() {
        SimulatedRepository repo = GITHUB.createRepository("acme", "unchanged").seed(120, 20, 1).seedEverything(3, 2, 2, 150, 2, 2);
        repo.protectBranch("release/1.0", true);
        String id = collect(repo.url(), true).path("repository_id").asText();
        collect(repo.url(), false); // the first incremental run remembers its since= page's ETag too
        int eventsBefore = allEvents(id);
        long requestsBefore = GITHUB.requestsFor(repo);
        long notModifiedBefore = GITHUB.notModifiedFor(repo);

        JsonNode quiet = collect(repo.url(), false);

        assertThat(quiet.path("status").asText()).isEqualTo("completed");
        JsonNode resources = quiet.path("progress").path("resources");
        // One 304 for each list (its since= or first page), each page of contributors (150: two pages), the
        // teams page and each team's members, the protected branches and each one's protection.
        Map<String, Integer> answers = Map.of("repository", 1, "commits", 1, "pull_requests", 1, "issues", 1,
                "issue_comments", 1, "review_comments", 1, "workflow_runs", 1, "contributors", 2,
                "teams", 1 + repo.teams().size(), "protected_branches", 1);
        answers.forEach((resource, count) -> {
            assertThat(resources.path(resource).path("not_modified").asInt()).as(resource).isEqualTo(count);
            assertThat(resources.path(resource).path("api_calls").asInt()).as(resource).isEqualTo(count);
        });
        assertThat(resources.path("branch_protection").path("not_modified").asInt()).isEqualTo(2);
        assertThat(repo.teams()).hasSize(2);
        long calls = quiet.path("progress").path("api_calls").asLong();
        assertThat(calls).isEqualTo(answers.values().stream().mapToInt(Integer::intValue).sum() + 2);
        assertThat(GITHUB.requestsFor(repo) - requestsBefore).isEqualTo(calls);
        // GitHub charges no quota for a 304: every call was one.
        assertThat(GITHUB.notModifiedFor(repo) - notModifiedBefore).as("304 answers").isEqualTo(calls);
        assertThat(allEvents(id)).isEqualTo(eventsBefore);
    }

    @Test
    void everyProtectedBranchIsCollectedAndAProtectionChangedWithoutAPushIsSeenIncrementally() {
        SimulatedRepository repo = GITHUB.createRepository("acme", "protected").seed(30, 3, 1);
        repo.protect(true);
        repo.protectBranch("release/1.0", true);
        repo.protectBranch("release/2.0", true);
        String id = collect(repo.url(), true).path("repository_id").asText();
        assertThat(events("git.repositories", id, "branch_protection_synced"))
                .extracting(e -> e.path("data").path("branch").asText() + ":" + e.path("data").path("required_reviews").asInt())
                .containsExactlyInAnyOrder("main:1", "release/1.0:1", "release/2.0:1");
        collect(repo.url(), false);

        repo.requireApprovals(2);
        JsonNode status = collect(repo.url(), false);

        assertThat(status.path("status").asText()).isEqualTo("completed");
        JsonNode resources = status.path("progress").path("resources");
        assertThat(resources.path("protected_branches").path("not_modified").asInt())
                .as("the listed branches did not change: the stored list leads to each protection").isEqualTo(1);
        assertThat(resources.path("branch_protection").path("published").asInt()).isEqualTo(3);
        assertThat(events("git.repositories", id, "branch_protection_synced"))
                .extracting(e -> e.path("data").path("branch").asText() + ":" + e.path("data").path("required_reviews").asInt())
                .containsExactlyInAnyOrder("main:1", "release/1.0:1", "release/2.0:1", "main:2", "release/1.0:2", "release/2.0:2");
    }

    @Test
    void aContributorChangedPastTheFirstPageIsSeenWhileTheFirstPageAnswers304() {
        SimulatedRepository repo = GITHUB.createRepository("acme", "contributors").seed(20, 2, 1).seedEverything(0, 0, 0, 150, 0, 0);
        String id = collect(repo.url(), true).path("repository_id").asText();
        collect(repo.url(), false);
        String last = repo.contributors().get(repo.contributors().size() - 1).get("login").asText();

        repo.addContributions(last, 1); // still the fewest: it stays on page 2
        JsonNode status = collect(repo.url(), false);

        JsonNode contributors = status.path("progress").path("resources").path("contributors");
        assertThat(contributors.path("not_modified").asInt()).isEqualTo(1);
        assertThat(contributors.path("published").asInt()).isEqualTo(1);
        assertThat(events("git.contributors", id, "contributor_synced"))
                .filteredOn(e -> e.path("data").path("login").asText().equals(last)).hasSize(2);
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
