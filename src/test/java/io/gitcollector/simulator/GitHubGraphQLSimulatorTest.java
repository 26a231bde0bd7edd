package io.gitcollector.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.parser.Parser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the GitHub simulator's GraphQL endpoint against GitHub's documented and recorded behaviour: cursor
 * paging at every nesting level and through {@code node(id:)}, commit history with line counts, the cost
 * formula's worked examples, the graphql rate limit, pagination and node limits, faults, and response shapes
 * against the recorded bodies in {@code api-shapes/github-graphql}. Plain JUnit over HTTP, no Spring.
 */
class GitHubGraphQLSimulatorTest {

    private static final String TOKEN = "ghp_graphql_test_token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static GitHubSimulator simulator;

    @BeforeAll
    static void start() throws IOException {
        simulator = GitHubSimulator.start(0);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @AfterEach
    void reset() {
        simulator.acceptTokens();
        simulator.graphQLFaults().clear();
    }

    private static final String PULLS_PAGE = """
            query($owner: String!, $name: String!, $cursor: String) {
              repository(owner: $owner, name: $name) {
                pullRequests(first: 100, after: $cursor, orderBy: {field: UPDATED_AT, direction: DESC}) {
                  totalCount
                  nodes { fullDatabaseId number updatedAt state }
                  pageInfo { endCursor hasNextPage }
                }
              }
            }""";

    @Test
    void pullRequestsPageBy100ThroughAll250WithOpaqueCursors() throws Exception {
        SimulatedRepository repo = simulator.createRepository("acme", "many-pulls").seed(0, 250, 0);

        List<Long> seen = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        List<Boolean> hasNext = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode prs = data(query(PULLS_PAGE, vars("owner", "acme", "name", "many-pulls", "cursor", cursor)))
                    .at("/repository/pullRequests");
            assertThat(prs.get("totalCount").asInt()).isEqualTo(250);
            prs.get("nodes").forEach(n -> {
                seen.add(Long.parseLong(n.get("fullDatabaseId").asText()));
                updated.add(n.get("updatedAt").asText());
            });
            pageSizes.add(prs.get("nodes").size());
            hasNext.add(prs.at("/pageInfo/hasNextPage").asBoolean());
            cursor = prs.at("/pageInfo/endCursor").asText();
            assertThat(cursor).as("opaque, as GitHub's").startsWith("Y3Vyc29yOnYyOp");
        } while (hasNext.get(hasNext.size() - 1));

        assertThat(pageSizes).containsExactly(100, 100, 50);
        assertThat(hasNext).containsExactly(true, true, false);
        assertThat(seen).as("the REST ids, each once").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(repo.pullIds());
        assertThat(updated).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void nestedReviewsOverflowShowsHasNextPageAndNodeIdPagesOn() throws Exception {
        SimulatedRepository repo = simulator.createRepository("acme", "busy-reviews").seed(0, 3, 0);
        List<Long> seeded = repo.seedReviews(2, 250, 1);
        String nested = """
                { repository(owner: "acme", name: "busy-reviews") {
                    pullRequests(first: 10) { nodes { id number
                      reviews(first: 100) { totalCount pageInfo { endCursor hasNextPage }
                        nodes { databaseId state author { login } comments(first: 10) { nodes { databaseId path } } } } } } } }""";

        JsonNode pulls = data(query(nested, Map.of())).at("/repository/pullRequests/nodes");
        JsonNode pr2 = StreamSupport.stream(pulls.spliterator(), false).filter(p -> p.get("number").asInt() == 2)
                .findFirst().orElseThrow();
        JsonNode reviews = pr2.get("reviews");
        assertThat(reviews.get("totalCount").asInt()).isEqualTo(250);
        assertThat(reviews.get("nodes")).hasSize(100);
        assertThat(reviews.at("/pageInfo/hasNextPage").asBoolean()).isTrue();
        assertThat(pulls.get(0).at("/reviews/pageInfo/hasNextPage").asBoolean()).as("PR #1 has no reviews").isFalse();

        List<Long> reviewIds = new ArrayList<>(ids(reviews.get("nodes")));
        List<Long> commentIds = new ArrayList<>();
        reviews.get("nodes").forEach(r -> commentIds.addAll(ids(r.at("/comments/nodes"))));
        String pageOn = """
                query($id: ID!, $cursor: String) { node(id: $id) { ... on PullRequest {
                  reviews(first: 100, after: $cursor) { pageInfo { endCursor hasNextPage }
                    nodes { databaseId comments(first: 10) { nodes { databaseId } } } } } } }""";
        String cursor = reviews.at("/pageInfo/endCursor").asText();
        boolean more = true;
        int requests = 1;
        while (more) {
            JsonNode page = data(query(pageOn, vars("id", pr2.get("id").asText(), "cursor", cursor))).at("/node/reviews");
            reviewIds.addAll(ids(page.get("nodes")));
            page.get("nodes").forEach(r -> commentIds.addAll(ids(r.at("/comments/nodes"))));
            more = page.at("/pageInfo/hasNextPage").asBoolean();
            cursor = page.at("/pageInfo/endCursor").asText();
            requests++;
        }
        assertThat(requests).isEqualTo(3);
        assertThat(reviewIds).containsExactlyElementsOf(seeded);
        assertThat(commentIds).containsExactlyElementsOf(repo.reviewComments(2).stream().map(c -> c.get("id").asLong()).toList());
        assertThat(simulator.graphQLUsage().requests(repo)).as("node(id:) counts for the repository too").isEqualTo(3);
    }

    @Test
    void commitHistoryCarriesLineCountsAndHonoursSince() throws Exception {
        SimulatedRepository repo = simulator.createRepository("acme", "history");
        repo.addCommits(30);
        List<ObjectNode> rest = repo.commits(); // newest first
        String since = rest.get(11).get("commit").get("committer").get("date").asText();
        String history = """
                query($since: GitTimestamp, $cursor: String) { repository(owner: "acme", name: "history") {
                  defaultBranchRef { target { ... on Commit {
                    history(first: 5, since: $since, after: $cursor) { totalCount pageInfo { endCursor hasNextPage }
                      nodes { oid message additions deletions changedFiles committedDate
                              author { name email date user { login } } committer { name email date } url } } } } } } }""";

        List<String> oids = new ArrayList<>();
        String cursor = null;
        JsonNode page;
        do {
            page = data(query(history, vars("since", since, "cursor", cursor))).at("/repository/defaultBranchRef/target/history");
            assertThat(page.get("totalCount").asInt()).isEqualTo(12);
            for (JsonNode c : page.get("nodes")) {
                oids.add(c.get("oid").asText());
                SimulatedRepository.LineCounts lines = repo.commitLineCounts(c.get("oid").asText());
                assertThat(c.get("additions").asInt()).isEqualTo(lines.additions());
                assertThat(c.get("deletions").asInt()).isEqualTo(lines.deletions());
                assertThat(c.get("changedFiles").asInt()).isEqualTo(lines.changedFiles());
            }
            cursor = page.at("/pageInfo/endCursor").asText();
        } while (page.at("/pageInfo/hasNextPage").asBoolean());

        assertThat(oids).as("newest first, committed at or after since, oid = REST sha")
                .containsExactlyElementsOf(rest.subList(0, 12).stream().map(c -> c.get("sha").asText()).toList());
        assertThat(cursor).as("GitHub's history cursor: first oid, a space, the offset").isEqualTo(oids.get(0) + " 11");
        JsonNode first = data(query(history, vars("since", since, "cursor", null)))
                .at("/repository/defaultBranchRef/target/history/nodes/0");
        ObjectNode newest = rest.get(0);
        assertThat(first.get("message").asText()).isEqualTo(newest.at("/commit/message").asText());
        assertThat(first.at("/author/email").asText()).isEqualTo(newest.at("/commit/author/email").asText());
        assertThat(first.at("/author/user/login").asText()).isEqualTo(newest.at("/author/login").asText());
        assertThat(first.get("url").asText()).isEqualTo(newest.get("html_url").asText());
    }

    @Test
    void costAndNodeCountFollowGitHubsWorkedExamples() throws Exception {
        // Docs, "Calculating nodes in a call" and "Calculating the rate limit score" (same numbers since 2017).
        assertThat(analyse("query { viewer { repositories(first: 50) { edges { repository:node { name issues(first: 10) {"
                + " totalCount edges { node { title bodyHTML } } } } } } } }").nodeCount()).isEqualTo(550);
        assertThat(analyse("query { viewer { repositories(first: 50) { edges { repository:node { name"
                + " pullRequests(first: 20) { edges { pullRequest:node { title comments(first: 10) { edges { comment:node { bodyHTML } } } } } }"
                + " issues(first: 20) { totalCount edges { issue:node { title bodyHTML comments(first: 10) { edges { comment:node { bodyHTML } } } } } } } } }"
                + " followers(first: 10) { edges { follower:node { login } } } } }").nodeCount()).isEqualTo(22_060);
        GraphQLCost.Analysis labels = analyse("query { viewer { login repositories(first: 100) { edges { node { name"
                + " issues(first: 50) { edges { node { title labels(first: 60) { edges { node { name } } } } } } } } } } }");
        assertThat(labels.requests()).isEqualTo(5_101);
        assertThat(labels.cost()).isEqualTo(51);
        // Recorded (mergestat, 2022): pullRequests(first: 50){labels(first: 15), comments{totalCount}} → cost 1, nodeCount 800.
        GraphQLCost.Analysis recorded = analyse("{ repository(owner: \"o\", name: \"n\") { pullRequests(first: 50) {"
                + " nodes { comments { totalCount } labels(first: 15) { totalCount nodes { name } } } } } }");
        assertThat(recorded.nodeCount()).isEqualTo(800);
        assertThat(recorded.cost()).isEqualTo(1);
        assertThat(analyse("{ rateLimit { cost } repository(owner: \"o\", name: \"n\") { name } }").nodeCount()).isZero();

        // And served: rateLimit in the body and the graphql headers show the same cost, charged once.
        simulator.createRepository("acme", "costly").seed(2, 2, 1);
        simulator.setGraphQLQuota(TOKEN, 5000, 5000, Duration.ofHours(1));
        HttpResponse<String> response = query("""
                { rateLimit { cost limit nodeCount remaining resetAt used }
                  repository(owner: "acme", name: "costly") { pullRequests(first: 100) { nodes {
                    reviews(first: 50) { nodes { comments(first: 10) { totalCount } } } } } } }""", Map.of());
        JsonNode rateLimit = data(response).get("rateLimit");
        assertThat(rateLimit.get("nodeCount").asLong()).isEqualTo(100 + 100 * 50 + 100 * 50 * 10);
        assertThat(rateLimit.get("cost").asInt()).isEqualTo(51); // 1 + 100 + 5,000 requests
        assertThat(rateLimit.get("remaining").asInt()).isEqualTo(4949);
        assertThat(rateLimit.get("used").asInt()).isEqualTo(51);
        assertThat(response.headers().firstValue("X-RateLimit-Remaining")).hasValue("4949");
        assertThat(response.headers().firstValue("X-RateLimit-Used")).hasValue("51");
        assertThat(response.headers().firstValue("X-RateLimit-Resource")).hasValue("graphql");
        assertThat(response.headers().firstValue("X-GitHub-Media-Type")).hasValue("github.v4; format=json");
        assertThat(java.time.Instant.parse(rateLimit.get("resetAt").asText()).getEpochSecond())
                .isEqualTo(Long.parseLong(response.headers().firstValue("X-RateLimit-Reset").orElseThrow()));
    }

    @Test
    void spentQuotaAnswers200RateLimitedInEitherSpellingAndSparesRest() throws Exception {
        SimulatedRepository repo = simulator.createRepository("acme", "spent").seed(1, 1, 0);
        String token = "ghp_spent";
        simulator.acceptTokens(token);
        simulator.setGraphQLQuota(token, 5000, 1, Duration.ofMinutes(30));
        String q = "{ repository(owner: \"acme\", name: \"spent\") { name } }";

        HttpResponse<String> last = query(q, Map.of(), token);
        assertThat(data(last).at("/repository/name").asText()).isEqualTo("spent");
        assertThat(last.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");

        HttpResponse<String> limited = query(q, Map.of(), token);
        assertThat(limited.statusCode()).isEqualTo(200);
        JsonNode body = Shapes.MAPPER.readTree(limited.body());
        assertThat(body.has("data")).isFalse();
        assertThat(body.at("/errors/0/type").asText()).isEqualTo("RATE_LIMITED");
        assertThat(body.at("/errors/0/message").asText()).matches("API rate limit exceeded for user ID \\d+\\.");
        assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        assertThat(limited.headers().firstValue("X-RateLimit-Resource")).hasValue("graphql");

        simulator.graphQLRateLimitType("RATE_LIMIT");
        try {
            JsonNode recorded = Shapes.MAPPER.readTree(resource("errors.rate_limited.json"));
            JsonNode served = Shapes.MAPPER.readTree(query(q, Map.of(), token).body());
            assertThat(keys(served.at("/errors/0"))).containsExactlyElementsOf(keys(recorded.at("/errors/0")));
            assertThat(served.at("/errors/0/code").asText()).isEqualTo("graphql_rate_limit");
        } finally {
            simulator.graphQLRateLimitType("RATE_LIMITED");
        }
        assertThat(simulator.rateLimitRemaining(token)).as("the REST core quota is another resource").isEqualTo(5000);
        assertThat(simulator.graphQLUsage().points(repo)).isEqualTo(1);
    }

    @Test
    void queryAboveTheNodeThresholdGets502AndHalvingRecovers() throws Exception {
        SimulatedRepository repo = simulator.createRepository("acme", "timeouts").seed(0, 12, 2);
        simulator.graphQLFaults().failAbove(1_000);
        String q = "query($n: Int!) { repository(owner: \"acme\", name: \"timeouts\") { pullRequests(first: $n) {"
                + " nodes { number reviews(first: 100) { nodes { databaseId } } } } } }";

        HttpResponse<String> tooMany = query(q, vars("n", 10)); // 10 + 1,000 nodes
        assertThat(tooMany.statusCode()).isEqualTo(502);
        assertThat(tooMany.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(tooMany.body()).contains("<title>502 Bad Gateway</title>");
        HttpResponse<String> halved = query(q, vars("n", 5)); // 5 + 500
        assertThat(data(halved).at("/repository/pullRequests/nodes")).hasSize(5);

        assertThat(simulator.graphQLUsage().requests(repo)).isEqualTo(2);
        assertThat(simulator.graphQLUsage().points(repo)).as("a timed-out query still costs its points").isEqualTo(2);

        simulator.graphQLFaults().clear();
        simulator.graphQLFaults().timeoutNext(1);
        HttpResponse<String> timeout = query(q, vars("n", 5));
        assertThat(timeout.statusCode()).isEqualTo(502);
        JsonNode body = Shapes.MAPPER.readTree(timeout.body());
        assertThat(body.get("data").isNull()).isTrue();
        assertThat(body.at("/errors/0/message").asText()).startsWith("Something went wrong while executing your query. "
                + "This may be the result of a timeout, or it could be a GitHub bug. Please include `")
                .contains(timeout.headers().firstValue("X-GitHub-Request-Id").orElseThrow());
        assertThat(data(query(q, vars("n", 5))).at("/repository/pullRequests/nodes")).hasSize(5);
    }

    @Test
    void pagesOver100AndQueriesOver500000NodesAreRefusedUncharged() throws Exception {
        simulator.createRepository("acme", "limits").seed(1, 1, 0);
        simulator.setGraphQLQuota(TOKEN, 5000, 5000, Duration.ofHours(1));

        JsonNode excessive = Shapes.MAPPER.readTree(query("""
                { repository(owner: "acme", name: "limits") {
                    pullRequests(first: 101) { nodes { number } } } }""", Map.of()).body());
        assertThat(excessive.has("data")).isFalse();
        assertThat(excessive.at("/errors/0/type").asText()).isEqualTo("EXCESSIVE_PAGINATION");
        assertThat(excessive.at("/errors/0/message").asText())
                .isEqualTo("Requesting 101 records on the `pullRequests` connection exceeds the `first` limit of 100 records.");
        assertThat(excessive.at("/errors/0/path").toString()).isEqualTo("[\"repository\",\"pullRequests\"]");
        assertThat(excessive.at("/errors/0/locations/0/line").asInt()).isEqualTo(2);

        JsonNode huge = Shapes.MAPPER.readTree(query("""
                { repository(owner: "acme", name: "limits") { pullRequests(first: 100) { nodes {
                    reviews(first: 100) { nodes { comments(first: 100) { nodes { body } } } } } } } }""", Map.of()).body());
        assertThat(huge.at("/errors/0/type").asText()).isEqualTo("MAX_NODE_LIMIT_EXCEEDED");
        assertThat(huge.at("/errors/0/message").asText())
                .isEqualTo("This query requests up to 1,010,100 possible nodes which exceeds the maximum limit of 500,000.");

        JsonNode unbounded = Shapes.MAPPER.readTree(query("""
                { repository(owner: "acme", name: "limits") { pullRequests { nodes { number } } } }""", Map.of()).body());
        assertThat(unbounded.at("/errors/0/type").asText()).isEqualTo("MISSING_PAGINATION_BOUNDARIES");
        assertThat(unbounded.at("/errors/0/message").asText())
                .isEqualTo("You must provide a `first` or `last` value to properly paginate the `pullRequests` connection.");
        assertThat(simulator.graphQLRemaining(TOKEN)).isEqualTo(5000);
    }

    @Test
    void pullRequestNodesHaveTheRecordedKeysAndValueTypes() throws Exception {
        SimulatedRepository repo = simulator.createRepository("acme", "shapes").seed(3, 6, 2);
        repo.addIssueComment(3);
        JsonNode recorded = Shapes.MAPPER.readTree(resource("pull_requests.connection.json"));
        JsonNode recordedNode = recorded.at("/data/repository/pullRequests/nodes/1"); // #7, merged, with a comment
        Set<String> supported = Set.of("additions", "author", "baseRefName", "body", "changedFiles", "closed", "closedAt",
                "comments", "createdAt", "databaseId", "deletions", "headRefName", "headRefOid", "isDraft", "locked", "merged",
                "mergedAt", "mergedBy", "number", "state", "title", "updatedAt", "url");
        List<String> asked = keys(recordedNode).stream().filter(supported::contains).toList();
        String selection = String.join(" ", asked.stream().map(k -> switch (k) {
            case "author", "mergedBy" -> k + " { login }";
            case "comments" -> "comments { totalCount }";
            default -> k;
        }).toList());

        JsonNode served = Shapes.MAPPER.readTree(query("{ rateLimit { cost limit nodeCount remaining resetAt used }"
                + " repository(owner: \"acme\", name: \"shapes\") { pullRequests(first: 50) { nodes { " + selection
                + " } pageInfo { endCursor hasNextPage } } } }", Map.of()).body());
        assertThat(keys(served.at("/data/rateLimit"))).containsExactlyElementsOf(keys(recorded.at("/data/rateLimit")));
        assertThat(keys(served.at("/data/repository/pullRequests/pageInfo")))
                .containsExactlyElementsOf(keys(recorded.at("/data/repository/pullRequests/pageInfo")));
        JsonNode merged = StreamSupport.stream(served.at("/data/repository/pullRequests/nodes").spliterator(), false)
                .filter(n -> n.get("state").asText().equals("MERGED")).findFirst().orElseThrow();
        assertThat(keys(merged)).containsExactlyElementsOf(asked);
        for (String key : asked) {
            if (!key.equals("databaseId")) {
                assertThat(merged.get(key).getNodeType()).as(key).isEqualTo(recordedNode.get(key).getNodeType());
            }
        }
        // The simulator's pull request ids are over 2^31, as GitHub's are since 2024: databaseId (an Int) cannot
        // carry them, and fullDatabaseId (a BigInt, a string) does.
        assertThat(merged.get("databaseId").isNull()).isTrue();
        assertThat(served.at("/errors/0/path/4").asText()).isEqualTo("databaseId");
        int number = merged.get("number").asInt();
        JsonNode full = data(query("{ repository(owner: \"acme\", name: \"shapes\") { pullRequest(number: " + number
                + ") { fullDatabaseId } } }", Map.of()));
        assertThat(full.at("/repository/pullRequest/fullDatabaseId").asText()).isEqualTo(Long.toString(repo.pull(number).get("id").asLong()));
    }

    @Test
    void commitHistoryAndReviewsHaveTheRecordedKeys() throws Exception {
        SimulatedRepository repo = simulator.createRepository("acme", "shapes-2").seed(4, 2, 2);
        JsonNode commits = Shapes.MAPPER.readTree(resource("commit_history.connection.json"))
                .at("/data/repository/defaultBranchRef/target/history");
        JsonNode served = data(query("""
                { repository(owner: "acme", name: "shapes-2") { defaultBranchRef { target { ... on Commit {
                  history(first: 100) { nodes { additions author { email name date } changedFiles committer { email name date }
                    deletions oid message url } pageInfo { endCursor hasNextPage } } } } } } }""", Map.of()))
                .at("/repository/defaultBranchRef/target/history");
        assertThat(keys(served.at("/nodes/0"))).containsExactlyElementsOf(keys(commits.at("/nodes/0")));
        assertThat(keys(served.at("/nodes/0/author"))).containsExactlyElementsOf(keys(commits.at("/nodes/0/author")));
        assertThat(served.get("nodes")).hasSize(4);

        JsonNode reviews = Shapes.MAPPER.readTree(resource("pull_request.reviews.connection.json"))
                .at("/data/repository/pullRequest/reviews/nodes/0");
        JsonNode servedReview = data(query("""
                { repository(owner: "acme", name: "shapes-2") { pullRequest(number: 1) { id number reviews(first: 50) {
                  nodes { author { login url } body createdAt id publishedAt state submittedAt updatedAt } } } } }""", Map.of()))
                .at("/repository/pullRequest/reviews/nodes/0");
        List<String> supported = keys(reviews).stream().filter(keys(servedReview)::contains).toList();
        assertThat(supported).hasSize(8);
        assertThat(servedReview.get("id").asText()).startsWith("PRR_kwDO");
        assertThat(repo.reviews(1)).isNotEmpty();
    }

    @Test
    void unknownNodeIdIsNotFoundBesideData() throws Exception {
        JsonNode recorded = Shapes.MAPPER.readTree(resource("errors.not_found.json"));
        JsonNode served = Shapes.MAPPER.readTree(query("query {\n  node(id: \"D_abcdefgh\") { id }\n}", Map.of()).body());
        assertThat(served.get("data").toString()).isEqualTo(recorded.get("data").toString());
        assertThat(keys(served.at("/errors/0"))).containsExactlyElementsOf(keys(recorded.at("/errors/0")));
        assertThat(served.at("/errors/0/message").asText()).isEqualTo("Could not resolve to a node with the global id of 'D_abcdefgh'");
    }

    @Test
    void graphQLNeedsAValidTokenAndSaysSoInGitHubsWords() throws Exception {
        simulator.acceptTokens(TOKEN);
        HttpResponse<String> none = HTTP.send(HttpRequest.newBuilder(URI.create(simulator.graphQLUrl()))
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ rateLimit { cost } }\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(Shapes.MAPPER.readTree(none.body()).get("message").asText()).isEqualTo("This endpoint requires you to be authenticated.");
        HttpResponse<String> bad = query("{ rateLimit { cost } }", Map.of(), "ghp_wrong");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(Shapes.MAPPER.readTree(bad.body()).get("message").asText()).isEqualTo("Bad credentials");
        assertThat(query("{ rateLimit { cost } }", Map.of(), TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void nodeIdsAreGitHubsFormatAndSameIdsAsRest() throws Exception {
        SimulatedRepository repo = simulator.createRepository("acme", "ids").seed(2, 2, 0);
        long reviewId = repo.addReview(1, "APPROVED");
        long commentId = repo.addReviewComment(1, reviewId);
        JsonNode pr = data(query("""
                { repository(owner: "acme", name: "ids") { id databaseId pullRequest(number: 1) { id fullDatabaseId
                  reviews(first: 5) { nodes { id databaseId comments(first: 5) { nodes { id databaseId } } } } } } }""", Map.of()))
                .get("repository");
        assertThat(pr.get("id").asText()).startsWith("R_kgDO");
        assertThat(pr.get("databaseId").asLong()).isEqualTo(repo.repoId());
        JsonNode pull = pr.get("pullRequest");
        assertThat(pull.get("id").asText()).startsWith("PR_kwDO");
        JsonNode review = pull.at("/reviews/nodes/0");
        assertThat(review.get("databaseId").asLong()).isEqualTo(reviewId);
        assertThat(review.at("/comments/nodes/0/databaseId").asLong()).isEqualTo(commentId);
        assertThat(review.at("/comments/nodes/0/id").asText()).startsWith("PRRC_kwDO");

        for (String id : List.of(pull.get("id").asText(), review.get("id").asText(), review.at("/comments/nodes/0/id").asText())) {
            JsonNode node = data(query("query($id: ID!) { node(id: $id) { __typename id } }", vars("id", id))).get("node");
            assertThat(node.get("id").asText()).isEqualTo(id);
        }
        String legacy = repo.reviewComments(1).get(0).get("node_id").asText();
        assertThat(data(query("query($id: ID!) { node(id: $id) { ... on PullRequestReviewComment { databaseId } } }",
                vars("id", legacy))).at("/node/databaseId").asLong()).as("REST's legacy node_id resolves too").isEqualTo(commentId);
    }

    // ---- helpers ----

    private static GraphQLCost.Analysis analyse(String query) {
        return GraphQLCost.of(Parser.parse(query), null, Map.of());
    }

    private static HttpResponse<String> query(String query, Map<String, Object> variables) throws Exception {
        return query(query, variables, TOKEN);
    }

    private static HttpResponse<String> query(String query, Map<String, Object> variables, String token) throws Exception {
        Map<String, Object> body = new HashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        return HTTP.send(HttpRequest.newBuilder(URI.create(simulator.graphQLUrl()))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(Shapes.MAPPER.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code data} of a 200 answer without errors. */
    private static JsonNode data(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = Shapes.MAPPER.readTree(response.body());
        assertThat(body.has("errors")).as(response.body()).isFalse();
        return body.get("data");
    }

    private static Map<String, Object> vars(Object... pairs) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static List<Long> ids(JsonNode nodes) {
        List<Long> ids = new ArrayList<>();
        nodes.forEach(n -> ids.add(n.get("databaseId").asLong()));
        return ids;
    }

    private static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        Iterator<String> names = object.fieldNames();
        names.forEachRemaining(keys::add);
        return keys;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = GitHubGraphQLSimulatorTest.class.getResourceAsStream("/api-shapes/github-graphql/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
