package io.gitcollector.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pins the Bitbucket Cloud behaviours the collector depends on (see SOURCES.md beside the shapes). */
class BitbucketSimulatorTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private BitbucketSimulator simulator;
    private SimulatedBitbucketRepository repo;
    private String base;

    @BeforeEach
    void start() throws Exception {
        simulator = BitbucketSimulator.start(0);
        repo = simulator.createRepository("acme", "widgets").seed(65, 23, 3, 12, 2, 13);
        base = repo.apiUrl();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void apiUrlAndRepositoryObject() throws Exception {
        assertThat(simulator.apiUrl()).isEqualTo(simulator.baseUrl() + "/2.0");
        assertThat(repo.url()).isEqualTo(simulator.baseUrl() + "/acme/widgets");
        JsonNode body = json(get(base));
        assertThat(body.get("type").asText()).isEqualTo("repository");
        assertThat(body.get("full_name").asText()).isEqualTo("acme/widgets");
        assertThat(body.get("links").get("html").get("href").asText()).isEqualTo(repo.url());
        assertThat(body.get("workspace").get("slug").asText()).isEqualTo("acme");
        assertThat(body.get("mainbranch").get("name").asText()).isEqualTo("main");
        assertThat(body).isEqualTo(repo.repository());
        assertAllUrlsPointAtSimulator(body);
    }

    @Test
    void commitsArePagedWithOpaqueTokensNewestFirstWithoutSize() throws Exception {
        JsonNode first = json(get(base + "/commits"));
        assertThat(first.get("pagelen").asInt()).isEqualTo(30);
        assertThat(first.has("size")).isFalse();
        assertThat(first.has("page")).isFalse();
        assertThat(first.get("next").asText()).startsWith(base + "/commits?page=").doesNotEndWith("page=2");

        List<String> hashes = new ArrayList<>();
        String url = base + "/commits?pagelen=20";
        int pages = 0;
        while (url != null) {
            JsonNode page = json(get(url));
            page.get("values").forEach(c -> hashes.add(c.get("hash").asText()));
            assertThat(page.has("previous")).isFalse();
            url = page.has("next") ? page.get("next").asText() : null;
            pages++;
        }
        assertThat(pages).isEqualTo(4);
        assertThat(hashes).isEqualTo(repo.commitHashes()).hasSize(65);
        List<JsonNode> dates = repo.commits().stream().map(c -> c.get("date")).map(JsonNode.class::cast).toList();
        assertThat(dates.get(0).asText()).isGreaterThan(dates.get(1).asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00");
        assertThat(get(base + "/commits?page=garbage").statusCode()).isEqualTo(400);
    }

    @Test
    void pullRequestsDefaultToOpenAndRepeatedStateSelectsSeveral() throws Exception {
        JsonNode open = json(get(base + "/pullrequests?pagelen=50"));
        long openCount = repo.pullRequests().stream().filter(p -> p.get("state").asText().equals("OPEN")).count();
        assertThat(open.get("size").asLong()).isEqualTo(openCount);
        open.get("values").forEach(p -> assertThat(p.get("state").asText()).isEqualTo("OPEN"));

        JsonNode two = json(get(base + "/pullrequests?state=MERGED&state=DECLINED&pagelen=50"));
        assertThat(two.get("size").asInt()).isEqualTo(23 - (int) openCount);
        List<String> states = new ArrayList<>();
        two.get("values").forEach(p -> states.add(p.get("state").asText()));
        assertThat(states).containsOnly("MERGED", "DECLINED").contains("MERGED", "DECLINED");

        assertThat(json(get(base + "/pullrequests?state=SUPERSEDED")).get("size").asInt()).isZero();
        assertThat(json(get(base + "/pullrequests?q=" + enc("state = \"MERGED\""))).get("size").asInt())
                .as("a q on state replaces the default OPEN").isEqualTo(7);
    }

    @Test
    void pullRequestPagesCarrySizePageNextAndPreviousRepeatingTheQuery() throws Exception {
        String query = "state=OPEN&state=MERGED&state=DECLINED&pagelen=10";
        JsonNode p1 = json(get(base + "/pullrequests?" + query));
        assertThat(p1.get("size").asInt()).isEqualTo(23);
        assertThat(p1.get("page").asInt()).isEqualTo(1);
        assertThat(p1.get("pagelen").asInt()).isEqualTo(10);
        assertThat(p1.has("previous")).isFalse();
        assertThat(p1.get("next").asText()).isEqualTo(base + "/pullrequests?" + query + "&page=2");
        JsonNode p2 = json(get(p1.get("next").asText()));
        assertThat(p2.get("previous").asText()).isEqualTo(base + "/pullrequests?" + query + "&page=1");
        JsonNode p3 = json(get(p2.get("next").asText()));
        assertThat(p3.has("next")).isFalse();
        assertThat(p3.get("values")).hasSize(3);

        List<JsonNode> all = new ArrayList<>();
        for (JsonNode p : List.of(p1, p2, p3)) {
            p.get("values").forEach(all::add);
        }
        List<String> updated = all.stream().map(p -> p.get("updated_on").asText()).toList();
        assertThat(updated).as("default order: newest updated_on first")
                .isSortedAccordingTo(Comparator.<String>naturalOrder().reversed());
        assertThat(updated.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00");
        all.forEach(this::assertAllUrlsPointAtSimulator);

        assertThat(get(base + "/pullrequests?page=4&" + query).statusCode()).isEqualTo(400);
        HttpResponse<String> tooLong = get(base + "/pullrequests?pagelen=51");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json(tooLong)).isEqualTo(json("{\"type\":\"error\",\"error\":{\"message\":\"Invalid pagelen\"}}"));
        assertThat(get(base + "/pullrequests?pagelen=50").statusCode()).isEqualTo(200);
    }

    @Test
    void pullRequestQueryFiltersOnUpdatedOnQuotedOrNotWithAndAndSorts() throws Exception {
        List<ObjectNode> prs = repo.pullRequests();
        String pivot = prs.get(10).get("updated_on").asText();
        Instant at = Instant.parse(pivot.replace("+00:00", "Z"));
        long after = prs.stream().filter(p -> updated(p).isAfter(at)).count();
        long atOrAfter = prs.stream().filter(p -> !updated(p).isBefore(at)).count();
        String all = "&state=OPEN&state=MERGED&state=DECLINED&pagelen=50";

        assertThat(size("updated_on > \"" + pivot + "\"", all)).isEqualTo(after);
        assertThat(size("updated_on > " + pivot, all)).as("unquoted datetime").isEqualTo(after);
        assertThat(size("updated_on>" + at, all)).as("Z suffix").isEqualTo(after);
        assertThat(size("updated_on >= \"" + pivot + "\"", all)).isEqualTo(atOrAfter);
        assertThat(size("updated_on < \"" + pivot + "\"", all)).isEqualTo(23 - atOrAfter);
        assertThat(size("updated_on <= \"" + pivot + "\"", all)).isEqualTo(23 - after);
        assertThat(size("updated_on >= \"" + pivot + "\" AND updated_on <= \"" + pivot + "\"", all)).isEqualTo(1);
        assertThat(size("updated_on > 2099-01-01", all)).isZero();

        JsonNode asc = json(get(base + "/pullrequests?sort=updated_on" + all));
        List<String> ascending = new ArrayList<>();
        asc.get("values").forEach(p -> ascending.add(p.get("updated_on").asText()));
        assertThat(ascending).isSorted().hasSize(23);
        JsonNode created = json(get(base + "/pullrequests?sort=created_on" + all));
        assertThat(created.get("values").get(0).get("id").asInt()).isEqualTo(1);
        JsonNode newest = json(get(base + "/pullrequests?sort=-updated_on" + all));
        assertThat(newest.get("values").get(0).get("updated_on").asText()).isEqualTo(ascending.get(22));

        HttpResponse<String> bad = get(base + "/pullrequests?q=" + enc("updated_on >> \"2024\""));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("type").asText()).isEqualTo("error");
        assertThat(json(bad).get("error").get("message").asText()).startsWith("Invalid filter query expression");
        assertThat(get(base + "/pullrequests?q=" + enc("updated_on > \"not a date\"")).statusCode()).isEqualTo(400);
    }

    @Test
    void activityHasApprovalChangesRequestedCommentAndUpdateEntriesNewestFirstWithCtxPaging() throws Exception {
        int id = 1; // seeded: an approval, a change request, 2 comments, open
        List<ObjectNode> expected = repo.activity(id);
        JsonNode page = json(get(base + "/pullrequests/" + id + "/activity"));
        assertThat(page.get("pagelen").asInt()).isEqualTo(20);
        assertThat(page.has("size")).isFalse();
        List<String> kinds = new ArrayList<>();
        page.get("values").forEach(e -> kinds.add(e.fieldNames().next()));
        assertThat(kinds).containsExactlyInAnyOrder("approval", "changes_requested", "comment", "comment", "update");
        assertThat(kinds.get(kinds.size() - 1)).as("the opening update is the oldest").isEqualTo("update");
        page.get("values").forEach(e -> assertThat(e.get("pull_request").get("id").asInt()).isEqualTo(id));
        assertThat(page.get("values").get(0)).isEqualTo(expected.get(0));

        JsonNode small = json(get(base + "/pullrequests/" + id + "/activity?pagelen=2"));
        assertThat(small.get("next").asText()).startsWith(base + "/pullrequests/" + id + "/activity?pagelen=2&ctx=");
        List<JsonNode> collected = new ArrayList<>();
        String url = base + "/pullrequests/" + id + "/activity?pagelen=2";
        while (url != null) {
            JsonNode p = json(get(url));
            p.get("values").forEach(collected::add);
            url = p.has("next") ? p.get("next").asText() : null;
        }
        assertThat(collected).containsExactlyElementsOf(expected);
        assertThat(get(base + "/pullrequests/999/activity").statusCode()).isEqualTo(404);
    }

    @Test
    void approvingMovesUpdatedOnSoAnIncrementalQueryFindsIt() throws Exception {
        String watermark = repo.pullRequests().stream().map(p -> p.get("updated_on").asText()).max(String::compareTo).orElseThrow();
        String q = "?state=OPEN&state=MERGED&state=DECLINED&q=" + enc("updated_on > \"" + watermark + "\"");
        assertThat(json(get(base + "/pullrequests" + q)).get("size").asInt()).isZero();

        repo.approve(7, "carol.qa");
        JsonNode changed = json(get(base + "/pullrequests" + q));
        assertThat(changed.get("size").asInt()).isEqualTo(1);
        assertThat(changed.get("values").get(0).get("id").asInt()).isEqualTo(7);
        JsonNode newest = json(get(base + "/pullrequests/7/activity")).get("values").get(0);
        assertThat(newest.get("approval").get("user").get("nickname").asText()).isEqualTo("carol.qa");
        assertThat(newest.get("approval").get("date").asText()).isEqualTo(changed.get("values").get(0).get("updated_on").asText());

        repo.requestChanges(7, "bob.ops");
        assertThat(json(get(base + "/pullrequests/7/activity")).get("values").get(0).has("changes_requested")).isTrue();
        long commentId = repo.addPullRequestComment(7);
        assertThat(json(get(base + "/pullrequests/7/activity")).get("values").get(0).get("comment").get("id").asLong())
                .isEqualTo(commentId);

        int opened = repo.openPullRequest();
        repo.merge(opened);
        JsonNode merged = json(get(base + "/pullrequests?state=MERGED&sort=-updated_on")).get("values").get(0);
        assertThat(merged.get("id").asInt()).isEqualTo(opened);
        assertThat(merged.get("merge_commit").get("hash").asText()).hasSize(12);
        assertThat(json(get(base + "/pullrequests/" + opened + "/activity")).get("values").get(0).get("update").get("state").asText())
                .isEqualTo("MERGED");
        int declined = repo.openPullRequest();
        repo.decline(declined);
        assertThat(repo.pullRequest(declined).get("state").asText()).isEqualTo("DECLINED");
    }

    @Test
    void pullRequestCommentsOldestFirstPaged() throws Exception {
        for (int i = 0; i < 11; i++) {
            repo.addPullRequestComment(1);
        }
        JsonNode p1 = json(get(base + "/pullrequests/1/comments"));
        assertThat(p1.get("size").asInt()).isEqualTo(13);
        assertThat(p1.get("pagelen").asInt()).isEqualTo(10);
        JsonNode p2 = json(get(p1.get("next").asText()));
        List<JsonNode> all = new ArrayList<>();
        p1.get("values").forEach(all::add);
        p2.get("values").forEach(all::add);
        assertThat(all).containsExactlyElementsOf(repo.pullRequestComments(1));
        assertThat(all.get(0).get("type").asText()).isEqualTo("pullrequest_comment");
        assertThat(all.stream().filter(c -> c.has("inline")).count()).isPositive();
        assertThat(repo.pullRequest(1).get("comment_count").asInt()).isEqualTo(13);
        all.forEach(this::assertAllUrlsPointAtSimulator);
    }

    @Test
    void issuesFilterSortAndComments() throws Exception {
        JsonNode issues = json(get(base + "/issues?pagelen=100"));
        assertThat(issues.get("size").asInt()).isEqualTo(12);
        List<String> updated = new ArrayList<>();
        List<String> states = new ArrayList<>();
        issues.get("values").forEach(i -> {
            updated.add(i.get("updated_on").asText());
            states.add(i.get("state").asText());
        });
        assertThat(updated).isSortedAccordingTo(Comparator.<String>naturalOrder().reversed());
        assertThat(states).contains("new", "open", "resolved", "on hold", "invalid", "duplicate", "wontfix", "closed");

        String pivot = repo.issues().get(5).get("updated_on").asText();
        long after = repo.issues().stream().filter(i -> i.get("updated_on").asText().compareTo(pivot) > 0).count();
        assertThat(json(get(base + "/issues?q=" + enc("updated_on > \"" + pivot + "\""))).get("size").asLong()).isEqualTo(after);
        assertThat(json(get(base + "/issues?q=" + enc("state = \"resolved\" OR state = \"closed\""))).get("size").asInt()).isEqualTo(3);
        JsonNode byCreation = json(get(base + "/issues?sort=created_on&pagelen=100"));
        assertThat(byCreation.get("values").get(0).get("id").asInt()).isEqualTo(1);

        int id = repo.openIssue();
        repo.resolveIssue(id);
        JsonNode newest = json(get(base + "/issues")).get("values").get(0);
        assertThat(newest.get("id").asInt()).isEqualTo(id);
        assertThat(newest.get("state").asText()).isEqualTo("resolved");

        long commentId = repo.addIssueComment(2);
        JsonNode comments = json(get(base + "/issues/2/comments"));
        assertThat(comments.get("size").asInt()).isEqualTo(3);
        JsonNode last = comments.get("values").get(2);
        assertThat(last.get("id").asLong()).isEqualTo(commentId);
        assertThat(last.get("type").asText()).isEqualTo("issue_comment");
        assertThat(last.get("issue").get("id").asInt()).isEqualTo(2);
        assertThat(comments.get("values")).containsExactlyElementsOf(repo.issueComments(2));
        assertAllUrlsPointAtSimulator(comments);
        assertThat(get(base + "/issues/99/comments").statusCode()).isEqualTo(404);
    }

    @Test
    void withoutAnIssueTrackerIssuesAnswer404WithBitbucketsMessage() throws Exception {
        repo.setIssueTrackerEnabled(false);
        for (String path : List.of("/issues", "/issues/1/comments")) {
            HttpResponse<String> response = get(base + path);
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(json(response)).isEqualTo(
                    json("{\"type\":\"error\",\"error\":{\"message\":\"Repository has no issue tracker.\"}}"));
        }
        assertThat(json(get(base)).get("has_issues").asBoolean()).isFalse();
    }

    @Test
    void workspaceMembersAndBranchRestrictions() throws Exception {
        JsonNode workspace = json(get(simulator.apiUrl() + "/workspaces/acme"));
        assertThat(workspace.get("type").asText()).isEqualTo("workspace");
        assertThat(workspace.get("slug").asText()).isEqualTo("acme");
        assertThat(workspace).isEqualTo(repo.workspace());
        assertAllUrlsPointAtSimulator(workspace);

        JsonNode members = json(get(simulator.apiUrl() + "/workspaces/acme/members"));
        assertThat(members.get("size").asInt()).isEqualTo(5);
        JsonNode member = members.get("values").get(0);
        assertThat(member.get("type").asText()).isEqualTo("workspace_membership");
        assertThat(member.has("permission")).isFalse();
        assertThat(member.has("last_accessed")).isFalse();
        assertThat(member.has("added_on")).isFalse();
        assertThat(member.get("user").get("nickname").asText()).isEqualTo("alice.dev");
        assertThat(members.get("values")).containsExactlyElementsOf(repo.members());

        JsonNode restrictions = json(get(base + "/branch-restrictions?pagelen=100"));
        List<String> kindsOnMain = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        restrictions.get("values").forEach(r -> {
            patterns.add(r.get("pattern").asText());
            if (r.get("pattern").asText().equals("main")) {
                kindsOnMain.add(r.get("kind").asText());
            }
            assertThat(r.get("type").asText()).isEqualTo("branchrestriction");
        });
        assertThat(kindsOnMain).contains("push", "force", "delete", "require_approvals_to_merge", "restrict_merges");
        assertThat(patterns).contains("main", "release/*");
        assertThat(json(get(base + "/branch-restrictions?kind=push")).get("size").asInt()).isEqualTo(2);
        assertThat(restrictions.get("values")).containsExactlyElementsOf(repo.branchRestrictions());
        assertAllUrlsPointAtSimulator(restrictions);
        assertThat(get(simulator.apiUrl() + "/workspaces/nobody").statusCode()).isEqualTo(404);
    }

    @Test
    void pipelinesPageWithoutNextAndSortNewestFirst() throws Exception {
        JsonNode first = json(get(base + "/pipelines?pagelen=5"));
        assertThat(first.get("page").asInt()).isEqualTo(1);
        assertThat(first.get("pagelen").asInt()).isEqualTo(5);
        assertThat(first.get("size").asInt()).isEqualTo(13);
        assertThat(first.get("values")).hasSize(5);
        assertThat(first.has("next")).as("Bitbucket's pipelines list has no next link").isFalse();
        assertThat(first.get("values").get(0).get("build_number").asInt()).as("oldest first by default").isEqualTo(1);
        JsonNode third = json(get(base + "/pipelines?pagelen=5&page=3"));
        assertThat(third.get("values")).hasSize(3);

        JsonNode newest = json(get(base + "/pipelines?sort=-created_on&pagelen=100"));
        assertThat(newest.get("values").get(0).get("build_number").asInt()).isEqualTo(13);
        List<String> states = new ArrayList<>();
        newest.get("values").forEach(p -> states.add(p.get("state").get("name").asText()
                + (p.get("state").has("result") ? "/" + p.get("state").get("result").get("name").asText() : "")));
        assertThat(states).contains("COMPLETED/SUCCESSFUL", "COMPLETED/FAILED", "COMPLETED/STOPPED", "IN_PROGRESS", "PENDING");
        assertThat(newest.get("values").get(0).get("created_on").asText()).matches(".*\\.\\d{3}Z");
        assertAllUrlsPointAtSimulator(newest);

        String uuid = repo.addPipeline("IN_PROGRESS");
        JsonNode running = json(get(base + "/pipelines?sort=-created_on")).get("values").get(0);
        assertThat(running.get("uuid").asText()).isEqualTo(uuid);
        assertThat(running.get("state").get("stage").get("name").asText()).isEqualTo("RUNNING");
        assertThat(running.has("completed_on")).isFalse();
        repo.finishPipeline(uuid, "FAILED");
        JsonNode done = json(get(base + "/pipelines?sort=-created_on")).get("values").get(0);
        assertThat(done.get("state").get("result").get("name").asText()).isEqualTo("FAILED");
        assertThat(done.get("state").get("result").get("type").asText()).isEqualTo("pipeline_state_completed_failed");
        assertThat(done.get("duration_in_seconds").asLong()).isEqualTo(600);
        assertThat(done).isEqualTo(repo.pipelines().get(13));
    }

    @Test
    void authenticationAcceptsBearerAndBasicAppPasswordsAndAnswers401Otherwise() throws Exception {
        simulator.requireToken("bob:app-secret");
        HttpResponse<String> none = get(base);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none)).isEqualTo(json("{\"type\":\"error\",\"error\":{\"message\":\"Unauthorized\"}}"));
        assertThat(get(base, "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(get(base, "Authorization", "Bearer bob:app-secret").statusCode()).isEqualTo(200);
        String basic = Base64.getEncoder().encodeToString("bob:app-secret".getBytes(StandardCharsets.UTF_8));
        assertThat(get(base, "Authorization", "Basic " + basic).statusCode()).isEqualTo(200);

        simulator.requireToken("plain-token");
        String plainBasic = Base64.getEncoder().encodeToString("plain-token".getBytes(StandardCharsets.UTF_8));
        assertThat(get(base, "Authorization", "Basic " + plainBasic).statusCode()).isEqualTo(401);
        assertThat(get(base, "Authorization", "Bearer plain-token").statusCode()).isEqualTo(200);
    }

    @Test
    void notFoundBodies() throws Exception {
        HttpResponse<String> missing = get(simulator.apiUrl() + "/repositories/acme/missing/pullrequests");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing)).isEqualTo(json("{\"type\":\"error\",\"error\":{\"message\":\"Resource not found\"}}"));
        HttpResponse<String> noApi = get(simulator.apiUrl() + "/nothing/here");
        assertThat(noApi.statusCode()).isEqualTo(404);
        assertThat(json(noApi).get("error").get("detail").asText()).startsWith("There is no API hosted at this URL.");
    }

    @Test
    void etagAnswers304() throws Exception {
        HttpResponse<String> first = get(base + "/pullrequests");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = get(base + "/pullrequests", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(simulator.notModifiedTo("/pullrequests")).isEqualTo(1);
        repo.addPullRequestComment(1);
        assertThat(get(base + "/pullrequests", "If-None-Match", etag).statusCode()).isEqualTo(200);
    }

    @Test
    void scaledRateLimitHeadersOnlyForAccessTokensOnRepositoryEndpoints() throws Exception {
        simulator.requireToken("user:pw");
        HttpResponse<String> bearer = get(base, "Authorization", "Bearer user:pw");
        assertThat(bearer.headers().firstValue("X-RateLimit-Limit")).hasValue("1000");
        assertThat(bearer.headers().firstValue("X-RateLimit-Resource")).hasValue("api");
        assertThat(bearer.headers().firstValue("X-RateLimit-NearLimit")).hasValue("false");
        assertThat(bearer.headers().firstValue("X-RateLimit-Remaining")).isEmpty();

        String basic = Base64.getEncoder().encodeToString("user:pw".getBytes(StandardCharsets.UTF_8));
        assertThat(get(base, "Authorization", "Basic " + basic).headers().firstValue("X-RateLimit-Limit")).isEmpty();
        assertThat(get(simulator.apiUrl() + "/workspaces/acme", "Authorization", "Bearer user:pw")
                .headers().firstValue("X-RateLimit-Limit")).isEmpty();

        simulator.setRateLimit(1000, 150);
        assertThat(get(base, "Authorization", "Bearer user:pw").headers().firstValue("X-RateLimit-NearLimit")).hasValue("true");
    }

    @Test
    void injectedFaultsIncludingBitbucketsPlainText429() throws Exception {
        repo.faults().failNext(1, 429);
        HttpResponse<String> limited = get(base + "/commits");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(limited.body()).isEqualTo("Rate limit for this resource has been exceeded");
        repo.faults().failNext(1, 503);
        assertThat(get(base + "/commits").statusCode()).isEqualTo(503);
        assertThat(get(base + "/commits").statusCode()).isEqualTo(200);
        assertThat(simulator.requestsTo("/commits")).isEqualTo(3);
    }

    @Test
    void seedingIsDeterministic() throws Exception {
        try (BitbucketSimulator other = BitbucketSimulator.start(0)) {
            SimulatedBitbucketRepository twin = other.createRepository("acme", "widgets").seed(65, 23, 3, 12, 2, 13);
            assertThat(strip(twin.pullRequests().toString(), other)).isEqualTo(strip(repo.pullRequests().toString(), simulator));
            assertThat(strip(twin.activity(1).toString(), other)).isEqualTo(strip(repo.activity(1).toString(), simulator));
            assertThat(twin.commitHashes()).isEqualTo(repo.commitHashes());
            assertThat(strip(twin.pipelines().toString(), other)).isEqualTo(strip(repo.pipelines().toString(), simulator));
        }
    }

    @Test
    void concurrentReadsDuringMutationsNeverFail() throws Exception {
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String url = base + (i % 2 == 0 ? "/pullrequests?state=ALL&pagelen=50" : "/pullrequests/1/activity");
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()));
            repo.addPullRequestComment(1);
            repo.addCommits(1);
        }
        for (var call : calls) {
            assertThat(call.get().statusCode()).isEqualTo(200);
        }
        assertThat(repo.pullRequestComments(1)).hasSize(42);
    }

    @Test
    void noServedObjectKeepsAnUpstreamUrl() throws Exception {
        List<String> urls = List.of(base, base + "/commits?pagelen=100", base + "/pullrequests?state=ALL&pagelen=50",
                base + "/pullrequests/1/activity?pagelen=100", base + "/pullrequests/1/comments", base + "/issues?pagelen=100",
                base + "/issues/1/comments", base + "/branch-restrictions?pagelen=100", base + "/pipelines?pagelen=100",
                simulator.apiUrl() + "/workspaces/acme", simulator.apiUrl() + "/workspaces/acme/members");
        for (String url : urls) {
            HttpResponse<String> response = get(url);
            assertThat(response.statusCode()).as(url).isEqualTo(200);
            assertThat(response.body()).as(url).doesNotContain("bitbucket.org", "atl-paas.net", "gravatar.com", "bytebucket.org",
                    "likyh", "TestWorkspace1", "atlaskit");
            assertAllUrlsPointAtSimulator(json(response));
        }
    }

    // ---------------------------------------------------------------- helpers

    private long size(String q, String rest) throws Exception {
        HttpResponse<String> response = get(base + "/pullrequests?q=" + enc(q) + rest);
        assertThat(response.statusCode()).as(q + " -> " + response.body()).isEqualTo(200);
        return json(response).get("size").asLong();
    }

    private static Instant updated(JsonNode pr) {
        return Instant.parse(pr.get("updated_on").asText().replace("+00:00", "Z"));
    }

    private void assertAllUrlsPointAtSimulator(JsonNode node) {
        walk(node, text -> {
            if (text.matches("^[a-z]+://.*")) {
                assertThat(text).as("URL field").matches("^(http://127\\.0\\.0\\.1:\\d+|ssh://git@127\\.0\\.0\\.1:\\d+)/.*")
                        .contains(simulator.baseUrl().substring("http://".length()));
            }
        });
    }

    private static void walk(JsonNode node, Consumer<String> text) {
        if (node.isTextual()) {
            text.accept(node.asText());
        }
        node.forEach(child -> walk(child, text));
    }

    private static String strip(String text, BitbucketSimulator sim) {
        return text.replace(sim.baseUrl().substring("http://".length()), "HOST");
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Shapes.MAPPER.readTree(response.body());
    }

    private static JsonNode json(String text) throws Exception {
        return Shapes.MAPPER.readTree(text);
    }
}
