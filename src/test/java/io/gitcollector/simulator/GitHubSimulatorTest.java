package io.gitcollector.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pins the GitHub simulator's issues, comments, contributors, teams, branch protection and workflow
 * runs endpoints against what the real API documents: parameters, defaults, ordering, Link paging,
 * bodies and error answers. Plain JUnit over HTTP, no Spring.
 */
class GitHubSimulatorTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");
    private static GitHubSimulator simulator;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        simulator = GitHubSimulator.start(0);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    /** Pulls 1–4 (1 open, 2 closed, 3 merged, 4 open), then issues 5–10 (8 closed), one comment per item. */
    private static SimulatedRepository everything(String name) {
        return simulator.createRepository("acme", name).seed(5, 4, 1).seedEverything(6, 1, 1, 7, 2, 7);
    }

    @Test
    void issuesListsPullRequestsAsIssuesInOneNumberSequence() throws Exception {
        SimulatedRepository repo = everything("issues");

        JsonNode all = json(get("/repos/acme/issues/issues?state=all&per_page=100"));

        // Default sort created, direction desc: the newest item first.
        assertThat(numbers(all)).containsExactly(10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
        assertThat(stream(all).filter(i -> i.has("pull_request")).map(i -> i.get("number").asInt()))
                .containsExactlyInAnyOrder(1, 2, 3, 4);
        JsonNode merged = stream(all).filter(i -> i.get("number").asInt() == 3).findFirst().orElseThrow();
        assertThat(merged.get("html_url").asText()).isEqualTo(repo.url() + "/pull/3");
        assertThat(merged.at("/pull_request/merged_at").asText()).isEqualTo(repo.pull(3).get("merged_at").asText());
        assertThat(merged.get("id").asLong()).as("an issue id, not the pull request id").isNotEqualTo(repo.pull(3).get("id").asLong());
        assertThat(merged.get("state").asText()).isEqualTo("closed");
        assertThat(repo.issues()).extracting(i -> i.get("number").asInt()).containsExactly(5, 6, 7, 8, 9, 10);
        assertPointsAtSimulator(all);

        // Default state is open.
        assertThat(numbers(json(get("/repos/acme/issues/issues?per_page=100")))).containsExactly(10, 9, 7, 6, 5, 4, 1);
        assertThat(numbers(json(get("/repos/acme/issues/issues?state=closed")))).containsExactly(8, 3, 2);
    }

    @Test
    void issuesPageWithGitHubLinkHeaders() throws Exception {
        SimulatedRepository repo = everything("issue-pages");
        String base = simulator.baseUrl() + "/repositories/" + repo.repo().get("id").asLong() + "/issues";

        HttpResponse<String> first = get("/repos/acme/issue-pages/issues?per_page=4&state=all");
        assertThat(first.headers().firstValue("Link")).hasValue(
                "<" + base + "?per_page=4&state=all&page=2>; rel=\"next\", <" + base + "?per_page=4&state=all&page=3>; rel=\"last\"");
        List<Integer> seen = new ArrayList<>(numbers(json(first)));
        HttpResponse<String> page = first;
        while (next(page) != null) {
            page = HTTP.send(HttpRequest.newBuilder(URI.create(next(page))).build(), HttpResponse.BodyHandlers.ofString());
            seen.addAll(numbers(json(page)));
        }
        assertThat(seen).containsExactly(10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
        assertThat(page.headers().firstValue("Link").orElseThrow())
                .contains("page=2>; rel=\"prev\"").contains("page=1>; rel=\"first\"").doesNotContain("rel=\"next\"");
    }

    @Test
    void issuesFilterAndSortAsDocumented() throws Exception {
        SimulatedRepository repo = everything("issue-filters");
        String issues = "/repos/acme/issue-filters/issues?state=all&per_page=100";
        repo.addIssueComment(6); // issue 6: updated last, two comments

        assertThat(numbers(json(get(issues + "&sort=updated&direction=asc")))).last().isEqualTo(6);
        assertThat(numbers(json(get(issues + "&sort=updated")))).first().isEqualTo(6);
        assertThat(numbers(json(get(issues + "&sort=comments")))).first().isEqualTo(6);
        assertThat(numbers(json(get(issues + "&direction=asc")))).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

        String since = repo.issues().get(5).get("updated_at").asText(); // issue 10's last change
        assertThat(numbers(json(get(issues + "&since=" + since))))
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 10).filter(n -> updatedAt(repo, n).compareTo(since) >= 0)
                        .boxed().toList())
                .contains(6, 10);

        String creator = repo.issues().get(0).at("/user/login").asText();
        assertThat(stream(json(get(issues + "&creator=" + creator)))).allMatch(i -> i.at("/user/login").asText().equals(creator)).isNotEmpty();
        assertThat(numbers(json(get(issues + "&type=Bug")))).containsExactlyInAnyOrder(5, 6, 7, 8, 9, 10);
        assertThat(numbers(json(get(issues + "&type=none")))).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(numbers(json(get(issues + "&milestone=none")))).hasSize(10);
        assertThat(numbers(json(get(issues + "&assignee=*")))).isEmpty();
        assertThat(numbers(json(get(issues + "&labels=bug,ui")))).isEmpty();
    }

    @Test
    void issueCommentsPerItemAndForTheRepository() throws Exception {
        SimulatedRepository repo = everything("comments");

        JsonNode all = json(get("/repos/acme/comments/issues/comments?per_page=100"));
        assertThat(all).hasSize(10);
        assertThat(ids(all)).isSorted().containsExactlyElementsOf(ids(repo.issueComments()));
        JsonNode onPull = stream(all).filter(c -> c.get("issue_url").asText().endsWith("/issues/2")).findFirst().orElseThrow();
        assertThat(onPull.get("html_url").asText()).isEqualTo(repo.url() + "/pull/2#issuecomment-" + onPull.get("id").asLong());
        assertThat(onPull.get("issue_url").asText()).isEqualTo(simulator.baseUrl() + "/repos/acme/comments/issues/2");
        JsonNode onIssue = stream(all).filter(c -> c.get("issue_url").asText().endsWith("/issues/5")).findFirst().orElseThrow();
        assertThat(onIssue.get("html_url").asText()).startsWith(repo.url() + "/issues/5#issuecomment-");
        assertPointsAtSimulator(all);

        // direction is ignored without sort; with sort=updated, desc reverses.
        assertThat(ids(json(get("/repos/acme/comments/issues/comments?direction=desc&per_page=100")))).isSorted();
        assertThat(ids(json(get("/repos/acme/comments/issues/comments?sort=updated&direction=desc&per_page=100"))))
                .isSortedAccordingTo((a, b) -> Long.compare(b, a));

        long added = repo.addIssueComment(2);
        String addedAt = repo.issueComments(2).get(1).get("created_at").asText();
        assertThat(repo.pull(2).get("updated_at").asText()).as("a comment moves the pull request").isEqualTo(addedAt);
        assertThat(ids(json(get("/repos/acme/comments/issues/comments?since=" + addedAt)))).containsExactly(added);
        assertThat(ids(json(get("/repos/acme/comments/issues/2/comments")))).hasSize(2).endsWith(added);
        assertThat(ids(json(get("/repos/acme/comments/issues/2/comments?since=" + addedAt)))).containsExactly(added);

        HttpResponse<String> missing = get("/repos/acme/comments/issues/99/comments");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("message").asText()).isEqualTo("Not Found");
    }

    @Test
    void reviewCommentsPerPullAndForTheRepository() throws Exception {
        SimulatedRepository repo = everything("review-comments");

        JsonNode all = json(get("/repos/acme/review-comments/pulls/comments?per_page=100"));
        assertThat(all).hasSize(4);
        assertThat(ids(all)).isSorted();
        assertThat(stream(all).map(c -> c.get("pull_request_review_id").asLong())).allMatch(repo.reviewIds()::contains);
        JsonNode first = all.get(0);
        assertThat(first.get("html_url").asText()).isEqualTo(repo.url() + "/pull/1#discussion_r" + first.get("id").asLong());
        assertThat(first.get("commit_id").asText()).isEqualTo(repo.pull(1).at("/head/sha").asText());
        assertPointsAtSimulator(all);
        assertThat(ids(json(get("/repos/acme/review-comments/pulls/comments?sort=created&direction=desc"))))
                .isSortedAccordingTo((a, b) -> Long.compare(b, a));

        long added = repo.addReviewComment(1);
        String at = repo.reviewComments(1).get(1).get("created_at").asText();
        assertThat(repo.pull(1).get("updated_at").asText()).isEqualTo(at);
        assertThat(ids(json(get("/repos/acme/review-comments/pulls/1/comments")))).hasSize(2).endsWith(added);
        assertThat(ids(json(get("/repos/acme/review-comments/pulls/comments?since=" + at)))).containsExactly(added);
        assertThat(get("/repos/acme/review-comments/pulls/5/comments").statusCode()).as("#5 is an issue").isEqualTo(404);
    }

    @Test
    void contributorsMostContributionsFirst() throws Exception {
        SimulatedRepository repo = everything("contributors");

        HttpResponse<String> first = get("/repos/acme/contributors/contributors?per_page=5");
        List<Integer> counts = new ArrayList<>();
        stream(json(first)).forEach(c -> counts.add(c.get("contributions").asInt()));
        stream(json(get("/repos/acme/contributors/contributors?per_page=5&page=2"))).forEach(c -> counts.add(c.get("contributions").asInt()));
        assertThat(counts).hasSize(7).isSortedAccordingTo((a, b) -> b - a)
                .containsExactlyElementsOf(repo.contributors().stream().map(c -> c.get("contributions").asInt()).toList());
        assertThat(first.headers().firstValue("Link").orElseThrow()).contains("rel=\"next\"");
        assertPointsAtSimulator(json(first));

        simulator.createRepository("acme", "empty");
        assertThat(get("/repos/acme/empty/contributors").statusCode()).as("documented for an empty repository").isEqualTo(204);
    }

    @Test
    void teamsAndTheirMembersUnlessTheTokenMayNotReadThem() throws Exception {
        SimulatedRepository repo = everything("teams");

        JsonNode teams = json(get("/repos/acme/teams/teams"));
        assertThat(teams).hasSize(2);
        assertThat(stream(teams).map(t -> t.get("slug").asText())).containsExactly("teams-team-1", "teams-team-2");
        assertPointsAtSimulator(teams);
        String slug = teams.get(1).get("slug").asText(); // team 2: a maintainer and two members
        assertThat(stream(json(get("/orgs/acme/teams/" + slug + "/members"))).map(u -> u.get("login").asText()))
                .containsExactlyElementsOf(repo.teamMembers(slug).stream().map(u -> u.get("login").asText()).toList())
                .hasSize(3);
        assertThat(json(get("/orgs/acme/teams/" + slug + "/members?role=maintainer"))).hasSize(1);
        assertThat(json(get("/orgs/acme/teams/" + slug + "/members?role=member"))).hasSize(2);
        HttpResponse<String> paged = get("/orgs/acme/teams/" + slug + "/members?per_page=2");
        String memberUrl = teams.get(1).get("members_url").asText().replace("{/member}", "");
        assertThat(next(paged)).isEqualTo(memberUrl + "?per_page=2&page=2");
        assertThat(json(HTTP.send(HttpRequest.newBuilder(URI.create(next(paged))).build(), HttpResponse.BodyHandlers.ofString())))
                .hasSize(1);
        assertThat(get("/orgs/acme/teams/no-such-team/members").statusCode()).isEqualTo(404);

        repo.setTeamsReadable(false);
        HttpResponse<String> denied = get("/repos/acme/teams/teams");
        assertThat(denied.statusCode()).isEqualTo(404);
        assertThat(json(denied)).isEqualTo(Shapes.MAPPER.readTree("{\"message\":\"Not Found\",\"documentation_url\":"
                + "\"https://docs.github.com/rest/repos/repos#list-repository-teams\",\"status\":\"404\"}"));
        assertThat(get("/orgs/acme/teams/" + slug + "/members").statusCode()).isEqualTo(404);
        repo.setTeamsDeniedStatus(403);
        denied = get("/repos/acme/teams/teams");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(json(denied).get("message").asText()).isEqualTo("Resource not accessible by integration");
        repo.setTeamsReadable(true);
        assertThat(get("/repos/acme/teams/teams").statusCode()).isEqualTo(200);
    }

    @Test
    void branchProtectionOrTheRecordedNotProtectedAnswer() throws Exception {
        SimulatedRepository repo = simulator.createRepository("acme", "protection").seed(3, 2, 0);

        HttpResponse<String> unprotected = get("/repos/acme/protection/branches/main/protection");
        assertThat(unprotected.statusCode()).isEqualTo(404);
        assertThat(json(unprotected)).isEqualTo(new Shapes("github").keyed("errors_recorded",
                "404_branch_not_protected (octokit/fixtures branch-protection)"));
        assertThat(repo.protection()).isNull();

        repo.protect(true);
        JsonNode protection = json(get("/repos/acme/protection/branches/main/protection"));
        assertThat(protection).isEqualTo(Shapes.MAPPER.readTree(repo.protection().toString()));
        assertThat(protection.get("url").asText()).isEqualTo(simulator.baseUrl() + "/repos/acme/protection/branches/main/protection");
        assertThat(protection.at("/required_pull_request_reviews/required_approving_review_count").asInt()).isEqualTo(1);
        assertPointsAtSimulator(protection);
        assertThat(repo.repo().get("default_branch").asText()).isEqualTo("main");

        assertThat(json(get("/repos/acme/protection/branches/feature-1/protection")).get("message").asText())
                .isEqualTo("Branch not protected");
        HttpResponse<String> unknown = get("/repos/acme/protection/branches/nope/protection");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("message").asText()).isEqualTo("Branch not found");
    }

    @Test
    void workflowRunsNewestFirstWithStatusAndCreatedFilters() throws Exception {
        SimulatedRepository repo = everything("runs");
        String runs = "/repos/acme/runs/actions/runs";

        JsonNode all = json(get(runs));
        assertThat(all.get("total_count").asInt()).isEqualTo(7);
        List<JsonNode> listed = stream(all.get("workflow_runs")).toList();
        assertThat(listed).extracting(r -> r.get("run_number").asInt()).containsExactly(7, 6, 5, 4, 3, 2, 1);
        assertThat(listed.get(0).get("status").asText()).isEqualTo("in_progress");
        assertThat(listed.get(0).get("conclusion").isNull()).isTrue();
        assertThat(listed.get(0).get("head_sha").asText()).isEqualTo(repo.commitShas().get(0));
        assertThat(listed).extracting(r -> r.get("id").asLong()).containsExactlyElementsOf(ids(repo.runs()));
        assertPointsAtSimulator(all);

        assertThat(json(get(runs + "?status=in_progress")).get("total_count").asInt()).isEqualTo(1);
        assertThat(json(get(runs + "?status=completed")).get("total_count").asInt()).isEqualTo(6);
        assertThat(json(get(runs + "?status=failure")).get("workflow_runs").get(0).get("run_number").asInt()).isEqualTo(5);
        assertThat(json(get(runs + "?status=success")).get("total_count").asInt()).isEqualTo(5);

        String fourth = listed.get(3).get("created_at").asText(); // run 4
        assertThat(json(get(runs + "?created=%3E%3D" + fourth)).get("workflow_runs"))
                .extracting(r -> r.get("run_number").asInt()).containsExactly(7, 6, 5, 4);
        assertThat(json(get(runs + "?created=%3E" + fourth)).get("total_count").asInt()).isEqualTo(3);
        assertThat(json(get(runs + "?created=%3C" + fourth)).get("total_count").asInt()).isEqualTo(3);
        String day = fourth.substring(0, 10);
        assertThat(json(get(runs + "?created=" + day + "..*")).get("total_count").asInt()).isEqualTo(7);
        assertThat(json(get(runs + "?created=%3E" + day)).get("total_count").asInt()).isZero();

        HttpResponse<String> paged = get(runs + "?per_page=3&page=2");
        assertThat(json(paged).get("total_count").asInt()).isEqualTo(7);
        assertThat(json(paged).get("workflow_runs")).extracting(r -> r.get("run_number").asInt()).containsExactly(4, 3, 2);
        assertThat(paged.headers().firstValue("Link").orElseThrow())
                .contains("/repositories/" + repo.repo().get("id").asLong() + "/actions/runs?per_page=3&page=3>; rel=\"next\"");

        long newest = listed.get(0).get("id").asLong();
        repo.finishRun(newest, "cancelled");
        assertThat(json(get(runs + "?status=cancelled")).get("workflow_runs").get(0).get("id").asLong()).isEqualTo(newest);
        long added = repo.addRun("queued", null);
        assertThat(json(get(runs)).get("workflow_runs").get(0).get("id").asLong()).isEqualTo(added);
    }

    @Test
    void authenticationAndNotFoundBodies() throws Exception {
        try (GitHubSimulator locked = GitHubSimulator.start(0)) {
            locked.createRepository("acme", "locked").seed(2, 1, 0).seedEverything(1, 1, 1, 1, 1, 1);
            locked.requireToken("secret");
            String url = locked.baseUrl() + "/repos/acme/locked/issues";

            HttpResponse<String> none = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(json(none).get("message").asText()).isEqualTo("Requires authentication");
            HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer nope").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(json(wrong)).isEqualTo(new Shapes("github").keyed("errors", "401_bad_credentials"));
            HttpResponse<String> members = HTTP.send(HttpRequest.newBuilder(URI.create(locked.baseUrl() + "/orgs/acme/teams/locked-team-1/members"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(members.statusCode()).isEqualTo(401);
            HttpResponse<String> right = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer secret").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(right.statusCode()).isEqualTo(200);
        }
        HttpResponse<String> missing = get("/repos/acme/no-such-repository/issues");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing)).isEqualTo(new Shapes("github").keyed("errors", "404_not_found"));
    }

    @Test
    void eachTokenHasItsOwnQuotaWhichRunsOutAndComesBackAfterItsReset() throws Exception {
        try (GitHubSimulator limited = GitHubSimulator.start(0)) {
            limited.createRepository("acme", "quota").seed(3, 1, 0);
            limited.acceptTokens("alpha", "beta");
            long before = Instant.now().getEpochSecond();
            limited.setQuota("alpha", 10, 3, Duration.ofSeconds(2));
            String url = limited.baseUrl() + "/repos/acme/quota/commits";

            // Exactly `remaining` counted answers, each showing what is left of alpha's quota.
            for (int left : new int[] {2, 1, 0}) {
                HttpResponse<String> ok = send(as("alpha", url));
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(ok.headers().firstValue("X-RateLimit-Limit")).hasValue("10");
                assertThat(ok.headers().firstValue("X-RateLimit-Remaining")).hasValue(Integer.toString(left));
                assertThat(ok.headers().firstValue("X-RateLimit-Used")).hasValue(Integer.toString(10 - left));
                assertThat(ok.headers().firstValue("X-RateLimit-Resource")).hasValue("core");
            }

            HttpResponse<String> spent = send(as("alpha", url));
            assertThat(spent.statusCode()).isEqualTo(403);
            JsonNode body = json(spent);
            JsonNode documented = new Shapes("github").keyed("errors", "403_primary_rate_limit");
            assertThat(body.get("documentation_url")).isEqualTo(documented.get("documentation_url"));
            assertThat(body.get("status").asText()).isEqualTo("403");
            String requestId = spent.headers().firstValue("X-GitHub-Request-Id").orElseThrow();
            assertThat(body.get("message").asText()).matches("API rate limit exceeded for user ID \\d+\\. If you reach out to "
                    + "GitHub Support for help, please include the request ID " + Pattern.quote(requestId)
                    + " and timestamp \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\.");
            assertThat(spent.headers().firstValue("X-RateLimit-Limit")).hasValue("10");
            assertThat(spent.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
            assertThat(spent.headers().firstValue("X-RateLimit-Used")).hasValue("10");
            assertThat(spent.headers().firstValue("X-RateLimit-Resource")).hasValue("core");
            long reset = Long.parseLong(spent.headers().firstValue("X-RateLimit-Reset").orElseThrow());
            assertThat(reset).as("two seconds on, rounded up to a whole second").isBetween(before + 2, before + 3);
            assertThat(send(as("alpha", url)).statusCode()).isEqualTo(403);
            assertThat(limited.requestsWhileExhausted("alpha")).isEqualTo(2);

            // Beta has a quota of its own (5000 by default), and its headers say so; a 304 costs nothing.
            HttpResponse<String> other = send(as("beta", url));
            assertThat(other.statusCode()).isEqualTo(200);
            assertThat(other.headers().firstValue("X-RateLimit-Limit")).hasValue("5000");
            assertThat(other.headers().firstValue("X-RateLimit-Remaining")).hasValue("4999");
            HttpResponse<String> unchanged = send(as("beta", url).header("If-None-Match", other.headers().firstValue("ETag").orElseThrow()));
            assertThat(unchanged.statusCode()).isEqualTo(304);
            assertThat(unchanged.headers().firstValue("X-RateLimit-Remaining")).hasValue("4999");
            assertThat(send(as("beta", url)).headers().firstValue("X-RateLimit-Remaining")).hasValue("4998");
            assertThat(limited.rateLimitRemaining("beta")).isEqualTo(4998);

            // An injected fault answers with the headers of the token it was sent with, and costs nothing.
            limited.chaos().failRandomly(1.0, 1, 502);
            HttpResponse<String> fault = send(as("alpha", url));
            assertThat(fault.statusCode()).isEqualTo(502);
            assertThat(fault.headers().firstValue("X-RateLimit-Limit")).hasValue("10");
            assertThat(fault.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
            limited.chaos().reset();
            assertThat(limited.requestsWhileExhausted("alpha")).as("the fault was still a request while spent").isEqualTo(3);

            // Once the reset time passes, the full quota is back with a new reset an hour on.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).pollInterval(java.time.Duration.ofMillis(50))
                    .until(() -> System.currentTimeMillis() >= reset * 1000);
            HttpResponse<String> back = send(as("alpha", url));
            assertThat(back.statusCode()).isEqualTo(200);
            assertThat(back.headers().firstValue("X-RateLimit-Remaining")).hasValue("9");
            assertThat(Long.parseLong(back.headers().firstValue("X-RateLimit-Reset").orElseThrow()))
                    .isBetween(Instant.now().getEpochSecond() + 3599, Instant.now().getEpochSecond() + 3601);
            assertThat(limited.requestsWhileExhausted("alpha")).isEqualTo(3);
            assertThat(limited.requestsWithToken("alpha")).isEqualTo(3 + 2 + 1 + 1);
            assertThat(limited.requestsWithToken("beta")).isEqualTo(3);
        }
    }

    @Test
    void concurrentRequestsNeverOverspendAQuota() throws Exception {
        try (GitHubSimulator limited = GitHubSimulator.start(0)) {
            limited.createRepository("acme", "busy").seed(3, 1, 0);
            limited.requireToken("solo");
            limited.setQuota("solo", 100, 25, Duration.ofHours(1));
            String url = limited.baseUrl() + "/repos/acme/busy";
            List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = IntStream.range(0, 8).mapToObj(t -> new Thread(() -> {
                for (int i = 0; i < 5; i++) {
                    try {
                        statuses.add(send(as("solo", url)).statusCode());
                    } catch (Exception e) {
                        statuses.add(-1);
                    }
                }
            })).toList();
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(statuses.stream().filter(s -> s == 200)).hasSize(25);
            assertThat(statuses.stream().filter(s -> s == 403)).hasSize(15);
            assertThat(limited.rateLimitRemaining("solo")).isZero();
        }
    }

    @Test
    void revokedTokensGetBadCredentials() throws Exception {
        try (GitHubSimulator tokens = GitHubSimulator.start(0)) {
            tokens.createRepository("acme", "revoked").seed(2, 1, 0);
            String url = tokens.baseUrl() + "/repos/acme/revoked";
            JsonNode badCredentials = new Shapes("github").keyed("errors", "401_bad_credentials");

            // Any token is good until one is revoked.
            assertThat(send(as("one", url)).statusCode()).isEqualTo(200);
            tokens.revokeToken("one");
            HttpResponse<String> revoked = send(as("one", url));
            assertThat(revoked.statusCode()).isEqualTo(401);
            assertThat(json(revoked)).isEqualTo(badCredentials);
            assertThat(send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "token one")).statusCode()).isEqualTo(401);
            assertThat(send(as("two", url)).statusCode()).isEqualTo(200);

            tokens.acceptTokens("two", "three");
            tokens.revokeToken("three");
            assertThat(json(send(as("three", url)))).isEqualTo(badCredentials);
            assertThat(send(as("two", url)).statusCode()).isEqualTo(200);
            assertThat(send(as("one", url)).statusCode()).as("not accepted").isEqualTo(401);
            tokens.acceptTokens("one", "two", "three");
            assertThat(send(as("three", url)).statusCode()).as("accepted again").isEqualTo(200);

            assertThat(tokens.requestsWithToken("one")).isEqualTo(4);
            assertThat(tokens.requestsWithToken("two")).isEqualTo(2);
            assertThat(tokens.requestsWithToken("three")).isEqualTo(2);
            assertThat(tokens.requestsWithToken("four")).isZero();
            assertThat(tokens.rateLimitRemaining("two")).as("its own two answers").isEqualTo(4998);
            assertThat(tokens.rateLimitRemaining(null)).as("the four 401s cost the unauthenticated quota").isEqualTo(4996);
        }
    }

    @Test
    void secondaryLimitsAnswerWithRetryAfter() throws Exception {
        try (GitHubSimulator limited = GitHubSimulator.start(0)) {
            limited.createRepository("acme", "secondary").seed(2, 1, 0);
            limited.requireToken("tok");
            String url = limited.baseUrl() + "/repos/acme/secondary/pulls";
            JsonNode secondary = new Shapes("github").keyed("errors", "403_secondary_rate_limit");

            limited.secondaryLimitNext(2, 30, 429);
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> slowDown = send(as("tok", url));
                assertThat(slowDown.statusCode()).isEqualTo(429);
                assertThat(slowDown.headers().firstValue("Retry-After")).hasValue("30");
                assertThat(json(slowDown)).isEqualTo(secondary);
                // Not the primary limit: remaining is not 0, and a secondary limit costs no quota.
                assertThat(slowDown.headers().firstValue("X-RateLimit-Remaining")).hasValue("5000");
            }
            HttpResponse<String> ok = send(as("tok", url));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Retry-After")).isEmpty();
            assertThat(ok.headers().firstValue("X-RateLimit-Remaining")).hasValue("4999");

            limited.secondaryLimitNext(1, 60, 403);
            assertThat(send(HttpRequest.newBuilder(URI.create(url))).statusCode()).as("credentials come first").isEqualTo(401);
            HttpResponse<String> forbidden = send(as("tok", url));
            assertThat(forbidden.statusCode()).isEqualTo(403);
            assertThat(forbidden.headers().firstValue("Retry-After")).hasValue("60");
            assertThat(json(forbidden)).isEqualTo(secondary);
            assertThat(send(as("tok", url)).statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> limited.secondaryLimitNext(1, 1, 503)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void unchangedListsAnswer304ToTheirETag() throws Exception {
        SimulatedRepository repo = everything("etag");
        for (String path : List.of("/repos/acme/etag/issues", "/repos/acme/etag/issues/comments", "/repos/acme/etag/pulls/comments",
                "/repos/acme/etag/contributors", "/repos/acme/etag/teams", "/repos/acme/etag/branches/main/protection",
                "/repos/acme/etag/actions/runs")) {
            HttpResponse<String> first = get(path);
            String etag = first.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> again = send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)).header("If-None-Match", etag));
            assertThat(again.statusCode()).as(path).isEqualTo(304);
            assertThat(again.body()).isEmpty();
        }
        assertThat(simulator.notModifiedTo("/repos/acme/etag/")).isEqualTo(7);

        String etag = get("/repos/acme/etag/issues").headers().firstValue("ETag").orElseThrow();
        repo.openIssue();
        HttpResponse<String> changed = send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/repos/acme/etag/issues"))
                .header("If-None-Match", etag));
        assertThat(changed.statusCode()).isEqualTo(200);
    }

    @Test
    void mutationsTickTheClockAndAccessorsReturnCopies() throws Exception {
        SimulatedRepository repo = simulator.createRepository("acme", "mutations").seed(2, 3, 0);
        assertThat(repo.issues()).isEmpty();
        assertThat(numbers(json(get("/repos/acme/mutations/issues?state=all")))).containsExactly(3, 2, 1);

        int number = repo.openIssue();
        assertThat(number).isEqualTo(4);
        assertThatThrownBy(() -> repo.newPull(4)).isInstanceOf(IllegalArgumentException.class);
        Instant opened = Instant.parse(repo.issues().get(0).get("created_at").asText());
        repo.closeIssue(number);
        ObjectNode closed = repo.issues().get(0);
        assertThat(closed.get("state").asText()).isEqualTo("closed");
        assertThat(closed.get("state_reason").asText()).isEqualTo("completed");
        assertThat(closed.get("closed_at").asText()).isEqualTo(closed.get("updated_at").asText())
                .isEqualTo(opened.plusSeconds(600).toString());
        assertThat(closed.at("/closed_by/login").asText()).isNotEmpty();
        assertThat(repo.repo().get("open_issues_count").asInt()).as("open pull requests, the issue is closed").isEqualTo(1);
        repo.seed(0, 1, 0);
        assertThat(repo.pullIds()).hasSize(4);
        assertThat(repo.pull(5).get("number").asInt()).as("the next free number").isEqualTo(5);

        closed.put("state", "open");
        assertThat(repo.issues().get(0).get("state").asText()).isEqualTo("closed");
        assertThatThrownBy(() -> repo.closeIssue(1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(repo.teams()).isEmpty();
        assertThat(repo.teamMembers("none")).isEmpty();
        assertThat(repo.runs()).isEmpty();
        assertThat(json(get("/repos/acme/mutations/actions/runs"))).isEqualTo(
                Shapes.MAPPER.readTree("{\"total_count\":0,\"workflow_runs\":[]}"));
    }

    private static String updatedAt(SimulatedRepository repo, int number) {
        return number <= 4 ? repo.pull(number).get("updated_at").asText()
                : repo.issues().stream().filter(i -> i.get("number").asInt() == number).findFirst().orElseThrow()
                        .get("updated_at").asText();
    }

    /** Every absolute URL in a served body must lead back to the simulator. */
    private static void assertPointsAtSimulator(JsonNode node) {
        if (node.isTextual() && node.asText().matches("^[a-z]+://.*")) {
            assertThat(node.asText()).startsWith(simulator.baseUrl());
        }
        node.forEach(GitHubSimulatorTest::assertPointsAtSimulator);
    }

    private static HttpRequest.Builder as(String token, String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isBetween(200, 499);
        return Shapes.MAPPER.readTree(response.body());
    }

    private static String next(HttpResponse<String> response) {
        Matcher next = NEXT.matcher(response.headers().firstValue("Link").orElse(""));
        return next.find() ? next.group(1) : null;
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    private static List<Integer> numbers(JsonNode issues) {
        return stream(issues).map(i -> i.get("number").asInt()).toList();
    }

    private static List<Long> ids(JsonNode items) {
        return stream(items).map(i -> i.get("id").asLong()).toList();
    }

    private static List<Long> ids(List<ObjectNode> items) {
        return items.stream().map(i -> i.get("id").asLong()).toList();
    }
}
