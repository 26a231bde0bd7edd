package io.gitcollector;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.identity.PlatformRegistry;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.GitHubExpectations;
import io.gitcollector.support.PlatformSyncTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GitHub source with options.graphql on: commits and pull requests with their reviews through the simulator's
 * GraphQL endpoint, the rest through REST. The same events, with the same ids, as the REST path; nested
 * connections paged to their end; a page too large for the gateway asked for again smaller; points near the minimum.
 */
class GitHubGraphQLSyncTest extends PlatformSyncTest {

    static {
        GITHUB.setGraphQLQuota(TOKEN, 1_000_000, 1_000_000, java.time.Duration.ofHours(1));
    }

    @Autowired
    private PlatformRegistry platforms;

    @BeforeEach
    void graphqlOn() {
        platforms.platform("github").getOptions().put("graphql", "true");
    }

    @AfterEach
    void graphqlBackToTheTestsSetting() {
        platforms.platform("github").getOptions().put("graphql", "false");
        GITHUB.graphQLFaults().clear();
    }

    @Test
    void aFullSyncThroughGraphQLPublishesExactlyTheRepositorysEntitiesForNearlyTheMinimumPoints() {
        SimulatedRepository repo = GITHUB.createRepository("graphql", "everything").seed(250, 150, 2)
                .seedEverything(9, 1, 1, 4, 2, 7);

        JsonNode status = completed(repo.url(), true);
        String id = status.path("repository_id").asText();

        assertExactly(allEvents(id), GitHubExpectations.fullSync(repo));
        // ⌈250/100⌉ pages of commits and ⌈150/100⌉ of pull requests, each (reviews nested) 1 point.
        long minimum = 3 + 2;
        assertThat(GITHUB.graphQLUsage().points(repo)).isEqualTo(minimum);
        assertThat(status.path("progress").path("query_points").asLong()).isEqualTo(minimum);
        // Commits carry their line counts on this path.
        JsonNode commit = events("git.commits", id).get(0).path("data");
        assertThat(commit.path("stats").path("additions").isInt()).as(commit.toString()).isTrue();
        assertThat(commit.path("stats").path("total").asInt())
                .isEqualTo(commit.path("stats").path("additions").asInt() + commit.path("stats").path("deletions").asInt());
        assertThat(commit.path("extra").path("files_changed").isInt()).isTrue();
        // Every commit has its line counts, and every author the login REST gives, a bot's too (GraphQL has no User for it: its no-reply address names it).
        List<JsonNode> commits = events("git.commits", id);
        assertThat(commits).hasSize(250);
        for (JsonNode event : commits) {
            JsonNode stats = event.path("data").path("stats");
            assertThat(stats.path("additions").isInt() && stats.path("deletions").isInt()).as(stats.toString()).isTrue();
            assertThat(stats.path("total").asInt()).isEqualTo(stats.path("additions").asInt() + stats.path("deletions").asInt());
            JsonNode author = event.path("data").path("author");
            String email = author.path("email").asText();
            assertThat(author.path("login").asText()).as(email)
                    .isEqualTo(email.substring(email.indexOf('+') + 1, email.indexOf('@')));
        }
        assertThat(commits).filteredOn(e -> e.path("data").path("author").path("login").asText().equals("dependabot[bot]"))
                .hasSize(50);
    }

    @Test
    void aPullRequestWith250ReviewsLandsAllOfThemByPagingItsNestedConnection() {
        SimulatedRepository repo = GITHUB.createRepository("graphql", "many-reviews").seed(3, 2, 0);
        List<Long> reviews = repo.seedReviews(1, 250, 0);

        String id = completed(repo.url(), true).path("repository_id").asText();

        Set<Long> landed = events("git.pull_requests", id, "review_submitted").stream()
                .map(e -> e.path("data").path("id").asLong()).collect(Collectors.toSet());
        assertThat(landed).containsExactlyInAnyOrderElementsOf(reviews);
        assertThat(events("git.pull_requests", id, "review_submitted")).hasSize(250);
    }

    @Test
    void aGatewayErrorOnAPageOf100IsAskedForAgainAt50AndEveryEventLandsOnce() {
        SimulatedRepository repo = GITHUB.createRepository("graphql", "gateway").seed(120, 130, 1);
        // 100 pull requests with 100 reviews each are 10,100 nodes; 50 of them are 5,050.
        GITHUB.graphQLFaults().failAbove(6_000);

        JsonNode status = completed(repo.url(), true);
        String id = status.path("repository_id").asText();

        assertExactly(allEvents(id), GitHubExpectations.fullSync(repo));
        List<String> ids = allEvents(id).stream().map(e -> e.path("event_id").asText()).toList();
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void graphQLAndRestSyncsOfOneRepositoryPublishTheSameEventIds() {
        SimulatedRepository repo = GITHUB.createRepository("graphql", "both-paths").seed(40, 12, 3);
        platforms.platform("github").getOptions().put("graphql", "false");
        String id = completed(repo.url(), true).path("repository_id").asText();
        List<JsonNode> rest = allEvents(id);

        platforms.platform("github").getOptions().put("graphql", "true");
        JsonNode status = completed(repo.url(), true);

        // The GraphQL run found every commit, pull request and review already published: nothing new.
        assertThat(since(allEvents(id), rest).stream().map(e -> e.path("event_type").asText())
                .filter(type -> !type.equals("repository_health_computed")).toList()).isEmpty();
        assertThat(status.path("progress").path("resources").path("pull_requests").path("duplicates").asLong()).isEqualTo(12);
        assertThat(GITHUB.graphQLUsage().requests(repo)).isPositive();
    }

    @Test
    void aNoChangeIncrementalSyncSpendsAtMostTwoPointsAndNoRestQuota() {
        SimulatedRepository repo = GITHUB.createRepository("graphql", "quiet").seed(30, 5, 1).seedEverything(2, 1, 1, 3, 1, 1);
        completed(repo.url(), true);
        completed(repo.url(), false); // remembers its since= pages' ETags
        long before = GITHUB.graphQLUsage().points(repo);
        long restBefore = GITHUB.requestsFor(repo) - GITHUB.notModifiedFor(repo);

        completed(repo.url(), false);

        assertThat(GITHUB.graphQLUsage().points(repo) - before).isLessThanOrEqualTo(2);
        assertThat(GITHUB.requestsFor(repo) - GITHUB.notModifiedFor(repo))
                .as("REST calls that were not 304s").isEqualTo(restBefore);
        assertThat(GITHUB.notModifiedFor(repo)).isPositive();
    }

    @Test
    void aSpentPointsQuotaIsWaitedOutAndTheSyncCompletesWithEveryEventOnce() {
        SimulatedRepository repo = GITHUB.createRepository("graphql", "rate-limited").seed(20, 4, 1);
        GITHUB.graphQLRateLimitType("RATE_LIMIT");
        // No points left for two seconds: the GraphQL calls are refused with GitHub's 200 and RATE_LIMIT errors.
        java.time.Instant reset = java.time.Instant.now().plusSeconds(2);
        GITHUB.setGraphQLQuota(TOKEN, 1_000_000, 0, java.time.Duration.ofSeconds(2));
        try {
            JsonNode status = completed(repo.url(), true);

            assertExactly(allEvents(status.path("repository_id").asText()), GitHubExpectations.fullSync(repo));
            // No query could be answered before the quota came back: the run waited for it.
            assertThat(java.time.Instant.parse(status.path("finished_at").asText())).isAfterOrEqualTo(reset.minusMillis(50));
        } finally {
            GITHUB.graphQLRateLimitType("RATE_LIMITED");
            GITHUB.setGraphQLQuota(TOKEN, 1_000_000, 1_000_000, java.time.Duration.ofHours(1));
        }
    }
}
