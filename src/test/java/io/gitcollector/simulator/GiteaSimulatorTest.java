package io.gitcollector.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the Gitea simulator to the behaviour of Gitea's handlers. The seeded repository
 * acme/widgets has 75 commits, pulls 1,3,5,7,9,11,12 (open: 1, 7 (draft); merged: 3, 9, 12;
 * closed: 5, 11) interleaved with issues 2,4,6,8,10 (closed: 4, 8), two comments per issue.
 */
class GiteaSimulatorTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static GiteaSimulator sim;
    private static SimulatedGiteaRepository repo;
    private static String api;

    @BeforeAll
    static void start() throws IOException {
        sim = GiteaSimulator.start(0);
        repo = sim.createRepository("acme", "widgets").seed(75, 7, 2, 5, 2);
        api = sim.apiUrl() + "/repos/acme/widgets";
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void repositoryIsTheRecordedShapeWithEveryUrlOnTheSimulator() throws Exception {
        HttpResponse<String> response = get(sim.apiUrl() + "/repos/ACME/Widgets");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
        assertThat(response.headers().firstValue("X-RateLimit-Limit")).isEmpty();
        JsonNode body = json(response);
        assertThat(body.get("full_name").asText()).isEqualTo("acme/widgets");
        assertThat(body.get("html_url").asText()).isEqualTo(repo.url()).isEqualTo(sim.baseUrl() + "/acme/widgets");
        assertThat(body.get("url").asText()).isEqualTo(api);
        assertThat(body.get("owner").get("avatar_url").asText()).startsWith(sim.baseUrl() + "/avatars/");
        assertThat(body.get("default_branch").asText()).isEqualTo("main");
        assertThat(body.get("open_issues_count").asInt()).isEqualTo(3);
        assertThat(body.get("open_pr_counter").asInt()).isEqualTo(2);
        assertThat(body.has("object_format_name")).isTrue();
    }

    @Test
    void commitsPageWithGiteaHeadersAndCoverEveryCommitNewestFirst() throws Exception {
        HttpResponse<String> first = get(api + "/commits");
        assertThat(json(first)).hasSize(30);
        assertThat(header(first, "X-Total-Count")).isEqualTo("75");
        assertThat(header(first, "X-Total")).isEqualTo("75");
        assertThat(header(first, "X-Page")).isEqualTo("1");
        assertThat(header(first, "X-PerPage")).isEqualTo("30");
        assertThat(header(first, "X-PageCount")).isEqualTo("3");
        assertThat(header(first, "X-HasMore")).isEqualTo("true");
        assertThat(header(first, "Link")).isEqualTo("<" + api + "/commits?page=2>; rel=\"next\",<" + api + "/commits?page=3>; rel=\"last\"");
        assertThat(header(first, "Access-Control-Expose-Headers"))
                .isEqualTo("Link, X-Total-Count, X-Page, X-PerPage, X-Total, X-PageCount, X-HasMore");

        HttpResponse<String> last = get(api + "/commits?page=3");
        assertThat(json(last)).hasSize(15);
        assertThat(header(last, "X-HasMore")).isEqualTo("false");
        assertThat(header(last, "Link")).isEqualTo("<" + api + "/commits?page=1>; rel=\"first\",<" + api + "/commits?page=2>; rel=\"prev\"");

        List<String> served = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            json(get(api + "/commits?page=" + page)).forEach(c -> served.add(c.get("sha").asText()));
        }
        assertThat(served).isEqualTo(repo.commits().stream().map(c -> c.get("sha").asText()).toList());
        JsonNode newest = json(first).get(0);
        assertThat(newest.get("html_url").asText()).isEqualTo(repo.url() + "/commit/" + newest.get("sha").asText());
        assertThat(newest.get("parents").get(0).get("sha").asText()).isEqualTo(served.get(1));
    }

    @Test
    void commitLimitIsCappedAt50AndLinksKeepTheQuerySorted() throws Exception {
        HttpResponse<String> big = get(api + "/commits?limit=100");
        assertThat(json(big)).hasSize(50);
        assertThat(header(big, "X-PerPage")).isEqualTo("50");

        HttpResponse<String> small = get(api + "/commits?stat=false&limit=10&page=2");
        assertThat(header(small, "Link")).startsWith("<" + api + "/commits?limit=10&page=3&stat=false>; rel=\"next\"");
    }

    @Test
    void statFilesAndVerificationDefaultOnAndCanBeSwitchedOff() throws Exception {
        JsonNode full = json(get(api + "/commits?limit=1")).get(0);
        assertThat(full.get("stats").get("total").asInt()).isPositive();
        assertThat(full.get("files")).hasSize(1);
        assertThat(full.get("commit").get("verification").get("reason").asText()).isEqualTo("gpg.error.not_signed_commit");

        JsonNode lean = json(get(api + "/commits?limit=1&stat=false&files=false&verification=false")).get(0);
        assertThat(lean.get("stats").isNull()).isTrue();
        assertThat(lean.get("files").isNull()).isTrue();
        assertThat(lean.get("commit").get("verification").isNull()).isTrue();
    }

    @Test
    void commitsSinceAndUntilFilterOnCommitterDateInclusive() throws Exception {
        List<ObjectNode> all = repo.commits();
        String from = all.get(9).get("commit").get("committer").get("date").asText();
        String to = all.get(5).get("commit").get("committer").get("date").asText();

        HttpResponse<String> response = get(api + "/commits?since=" + from + "&until=" + to);

        assertThat(shas(json(response))).containsExactlyElementsOf(all.subList(5, 10).stream().map(c -> c.get("sha").asText()).toList());
        assertThat(header(response, "X-Total-Count")).isEqualTo("5");
    }

    @Test
    void emptyRepositoryAnswers409ToCommits() throws Exception {
        sim.createRepository("acme", "empty");
        HttpResponse<String> response = get(sim.apiUrl() + "/repos/acme/empty/commits");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response).get("message").asText()).isEqualTo("Git Repository is empty.");
    }

    @Test
    void pullsWithoutStateListAllAndStateFiltersNewestFirst() throws Exception {
        HttpResponse<String> all = get(api + "/pulls");
        assertThat(numbers(json(all))).containsExactly(12, 11, 9, 7, 5, 3, 1);
        assertThat(header(all, "X-Total-Count")).isEqualTo("7");
        assertThat(all.headers().firstValue("Link")).isEmpty();

        assertThat(numbers(json(get(api + "/pulls?state=open")))).containsExactly(7, 1);
        assertThat(numbers(json(get(api + "/pulls?state=closed")))).containsExactly(12, 11, 9, 5, 3);
        assertThat(numbers(json(get(api + "/pulls?state=all&sort=oldest")))).containsExactly(1, 3, 5, 7, 9, 11, 12);

        JsonNode merged = json(get(api + "/pulls?state=closed")).get(2);
        assertThat(merged.get("number").asInt()).isEqualTo(9);
        assertThat(merged.get("merged").asBoolean()).isTrue();
        assertThat(merged.get("merged_at").asText()).isEqualTo(merged.get("closed_at").asText());
        assertThat(merged.get("base").get("repo").get("full_name").asText()).isEqualTo("acme/widgets");
        assertThat(merged.get("html_url").asText()).isEqualTo(repo.url() + "/pulls/9");
    }

    @Test
    void pullSortsFollowGiteasApplySorts() throws Exception {
        List<ObjectNode> pulls = repo.pulls();
        Comparator<ObjectNode> updated = Comparator.comparing(p -> Instant.parse(p.get("updated_at").asText()));
        assertThat(numbers(json(get(api + "/pulls?sort=recentupdate"))))
                .containsExactlyElementsOf(pulls.stream().sorted(updated.reversed()).map(p -> p.get("number").asInt()).toList());
        assertThat(numbers(json(get(api + "/pulls?sort=leastupdate"))))
                .containsExactlyElementsOf(pulls.stream().sorted(updated).map(p -> p.get("number").asInt()).toList());
        // mostcomment: most comments first, then newest; the pull requests here have no comments.
        assertThat(numbers(json(get(api + "/pulls?sort=mostcomment")))).containsExactly(12, 11, 9, 7, 5, 3, 1);
    }

    @Test
    void pullPagesCarryGiteasLinkHeader() throws Exception {
        HttpResponse<String> second = get(api + "/pulls?state=all&limit=3&page=2");

        assertThat(numbers(json(second))).containsExactly(7, 5, 3);
        assertThat(header(second, "Link")).isEqualTo(
                "<" + api + "/pulls?limit=3&page=3&state=all>; rel=\"next\","
                        + "<" + api + "/pulls?limit=3&page=3&state=all>; rel=\"last\","
                        + "<" + api + "/pulls?limit=3&page=1&state=all>; rel=\"first\","
                        + "<" + api + "/pulls?limit=3&page=1&state=all>; rel=\"prev\"");
        assertThat(header(second, "Access-Control-Expose-Headers")).isEqualTo("Link, X-Total-Count");
    }

    @Test
    void reviewsPageWithTotalCountOnlyAnd404ForANonPull() throws Exception {
        HttpResponse<String> reviews = get(api + "/pulls/5/reviews");
        assertThat(json(reviews)).hasSize(2);
        assertThat(header(reviews, "X-Total-Count")).isEqualTo("2");
        assertThat(reviews.headers().firstValue("Link")).isEmpty();
        assertThat(json(reviews).get(0).get("state").asText()).isEqualTo("APPROVED");
        assertThat(json(reviews).get(1).get("state").asText()).isEqualTo("REQUEST_CHANGES");
        assertThat(json(reviews).get(0).get("pull_request_url").asText()).isEqualTo(repo.url() + "/pulls/5");

        JsonNode second = json(get(api + "/pulls/5/reviews?limit=1&page=2"));
        assertThat(second.get(0).get("id").asLong()).isEqualTo(repo.reviews(5).get(1).get("id").asLong());

        HttpResponse<String> notAPull = get(api + "/pulls/2/reviews");
        assertThat(notAPull.statusCode()).isEqualTo(404);
        assertThat(json(notAPull).get("message").asText()).isEqualTo("GetPullRequestByIndex");
    }

    @Test
    void issuesDefaultToOpenAndIncludePullRequestsUnlessTypeIsGiven() throws Exception {
        JsonNode open = json(get(api + "/issues"));
        assertThat(numbers(open)).containsExactly(10, 7, 6, 2, 1);

        JsonNode plain = json(get(api + "/issues?type=issues&state=all"));
        assertThat(numbers(plain)).containsExactly(10, 8, 6, 4, 2);
        plain.forEach(i -> assertThat(i.get("pull_request").isNull()).isTrue());

        JsonNode pulls = json(get(api + "/issues?type=pulls&state=closed"));
        assertThat(numbers(pulls)).containsExactly(12, 11, 9, 5, 3);
        assertThat(pulls.get(2).get("pull_request").get("merged").asBoolean()).isTrue();
        assertThat(pulls.get(1).get("pull_request").get("merged").asBoolean()).isFalse();
        assertThat(pulls.get(2).get("html_url").asText()).isEqualTo(repo.url() + "/pulls/9");
        assertThat(pulls.get(2).get("url").asText()).isEqualTo(api + "/issues/9");

        // One number sequence for issues and pull requests.
        assertThat(numbers(json(get(api + "/issues?state=all&limit=50")))).hasSize(12);
        assertThat(repo.issueList().stream().map(i -> i.get("number").asInt()).toList())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }

    @Test
    void issuesSinceAndBeforeFilterOnUpdatedAtInclusive() throws Exception {
        List<ObjectNode> byUpdate = repo.issueList().stream()
                .sorted(Comparator.comparing(i -> Instant.parse(i.get("updated_at").asText()))).toList();
        String since = byUpdate.get(4).get("updated_at").asText();
        String before = byUpdate.get(8).get("updated_at").asText();
        List<Integer> expected = byUpdate.subList(4, 9).stream().map(i -> i.get("number").asInt())
                .sorted(Comparator.reverseOrder()).toList();

        HttpResponse<String> response = get(api + "/issues?state=all&since=" + since + "&before=" + before);

        assertThat(numbers(json(response))).containsExactlyElementsOf(expected);
        assertThat(header(response, "X-Total-Count")).isEqualTo("5");
    }

    @Test
    void unreadableSinceIs422WithGosParseError() throws Exception {
        HttpResponse<String> response = get(api + "/issues?since=yesterday");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).get("message").asText())
                .isEqualTo("parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\"");
        assertThat(json(response).get("url").asText()).isEqualTo(sim.baseUrl() + "/api/swagger");
    }

    @Test
    void issueLinksKeepRepeatedParametersAndShowAllFourRels() throws Exception {
        HttpResponse<String> response = get(api + "/issues?state=all&limit=5&page=2&labels=a&labels=b");

        assertThat(header(response, "X-Total-Count")).isEqualTo("12");
        assertThat(header(response, "Link")).isEqualTo(
                "<" + api + "/issues?labels=a&labels=b&limit=5&page=3&state=all>; rel=\"next\","
                        + "<" + api + "/issues?labels=a&labels=b&limit=5&page=3&state=all>; rel=\"last\","
                        + "<" + api + "/issues?labels=a&labels=b&limit=5&page=1&state=all>; rel=\"first\","
                        + "<" + api + "/issues?labels=a&labels=b&limit=5&page=1&state=all>; rel=\"prev\"");
    }

    @Test
    void repositoryCommentsAreOldestFirstFilteredByUpdatedAndHaveNoLink() throws Exception {
        HttpResponse<String> all = get(api + "/issues/comments");
        assertThat(json(all)).hasSize(10);
        assertThat(header(all, "X-Total-Count")).isEqualTo("10");
        assertThat(all.headers().firstValue("Link")).isEmpty();
        assertThat(ids(json(all))).containsExactlyElementsOf(repo.comments().stream().map(c -> c.get("id").asLong()).toList());
        assertThat(json(all).get(0).get("issue_url").asText()).isEqualTo(repo.url() + "/issues/2");

        String since = repo.comments().get(6).get("updated_at").asText();
        HttpResponse<String> recent = get(api + "/issues/comments?since=" + since);
        assertThat(json(recent)).hasSize(4);
        assertThat(header(recent, "X-Total-Count")).isEqualTo("4");

        assertThat(json(get(api + "/issues/comments?limit=4&page=3"))).hasSize(2);
    }

    @Test
    void branchProtectionsNeedATokenEvenWhenNoneIsRequired() throws Exception {
        HttpResponse<String> anonymous = get(api + "/branch_protections");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(anonymous).get("message").asText()).isEqualTo("token is required");

        JsonNode rules = json(get(api + "/branch_protections", "Authorization", "token anything"));
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).get("rule_name").asText()).isEqualTo("main");
        assertThat(rules.get(0).get("created_at").asText()).isEqualTo("2024-01-01T00:00:00Z");
    }

    @Test
    void requiredTokenAcceptsTokenAndBearerSchemesAndAnswersGiteas401Bodies() throws Exception {
        try (GiteaSimulator secured = GiteaSimulator.start(0)) {
            secured.createRepository("acme", "secret");
            secured.requireToken("s3cret");
            String url = secured.apiUrl() + "/repos/acme/secret";

            HttpResponse<String> none = get(url);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.body()).isEqualTo("{\"message\":\"token is required\",\"url\":\"" + secured.baseUrl() + "/api/swagger\"}");

            HttpResponse<String> wrong = get(url, "Authorization", "token nope");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(json(wrong).get("message").asText()).isEqualTo("invalid username, password or token");

            assertThat(get(url, "Authorization", "token s3cret").statusCode()).isEqualTo(200);
            assertThat(get(url, "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void unknownRepositoryAndPathAnswerGiteas404Body() throws Exception {
        HttpResponse<String> response = get(sim.apiUrl() + "/repos/acme/missing");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"errors\":null,\"message\":\"not found\",\"url\":\"" + sim.baseUrl() + "/api/swagger\"}");
        assertThat(get(api + "/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void matchingIfNoneMatchAnswers304() throws Exception {
        HttpResponse<String> first = get(api + "/branch_protections", "Authorization", "token t");
        String etag = header(first, "ETag");
        long before = sim.notModifiedTo("/branch_protections");

        HttpResponse<String> again = get(api + "/branch_protections", "Authorization", "token t", "If-None-Match", etag);

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(sim.notModifiedTo("/branch_protections")).isEqualTo(before + 1);
    }

    @Test
    void mutationsTickTheClockMoveUpdatedAtAndShareTheNumberSequence() throws Exception {
        try (GiteaSimulator own = GiteaSimulator.start(0)) {
            SimulatedGiteaRepository r = own.createRepository("acme", "live").seed(3, 1, 0, 1, 0);
            String url = own.apiUrl() + "/repos/acme/live";

            List<String> shas = r.addCommits(2);
            assertThat(shas(json(get(url + "/commits")))).startsWith(shas.get(1), shas.get(0));

            int pull = r.openPull();
            int issue = r.openIssue();
            assertThat(pull).isEqualTo(3);
            assertThat(issue).isEqualTo(4);

            long commentId = r.addIssueComment(issue);
            JsonNode commented = json(get(url + "/issues?type=issues")).get(0);
            assertThat(commented.get("number").asInt()).isEqualTo(issue);
            assertThat(commented.get("comments").asInt()).isEqualTo(1);
            assertThat(commented.get("updated_at").asText()).isEqualTo(r.comments().get(0).get("updated_at").asText());
            assertThat(r.comments().get(0).get("id").asLong()).isEqualTo(commentId);

            long reviewId = r.addReview(pull, "COMMENT");
            JsonNode reviewed = json(get(url + "/pulls?state=open")).get(0);
            assertThat(reviewed.get("updated_at").asText()).isEqualTo(r.reviews(pull).get(0).get("submitted_at").asText());
            assertThat(r.reviews(pull).get(0).get("id").asLong()).isEqualTo(reviewId);

            r.merge(pull);
            r.closeIssue(issue);
            JsonNode merged = json(get(url + "/pulls?state=closed")).get(0);
            assertThat(merged.get("merged").asBoolean()).isTrue();
            assertThat(json(get(url + "/issues?state=closed&type=issues")).get(0).get("closed_at").asText())
                    .isEqualTo("2024-01-01T02:10:00Z");
        }
    }

    @Test
    void faultsAnswerTheInjectedStatusThenRecover() throws Exception {
        repo.faults().failNext(1, 500);

        HttpResponse<String> failed = get(api);
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(json(failed).get("message").asText()).isEmpty();
        assertThat(get(api).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no header " + name));
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Shapes.MAPPER.readTree(response.body());
    }

    private static List<Integer> numbers(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.get("number").asInt()).toList();
    }

    private static List<Long> ids(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.get("id").asLong()).toList();
    }

    private static List<String> shas(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.get("sha").asText()).toList();
    }
}
