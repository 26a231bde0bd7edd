package io.gitcollector.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Pins the GitLab simulator to GitLab's documented REST v4 behaviour. Plain JUnit, no Spring. */
class GitLabSimulatorTest {

    private static final String TOKEN = "glpat-simulated";
    private static final Pattern LINK = Pattern.compile("<([^>]+)>; rel=\"(\\w+)\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private GitLabSimulator simulator;
    private SimulatedGitLabProject project;
    private String api;
    private String encoded;

    @BeforeEach
    void start() throws IOException {
        simulator = GitLabSimulator.start(0);
        simulator.requireToken(TOKEN);
        project = simulator.createProject("acme/platform/backend").seed(45, 25, 2, 12, 3, 10);
        api = simulator.apiUrl();
        encoded = api + "/projects/acme%2Fplatform%2Fbackend";
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    // ---- project, addressing, auth, errors -------------------------------------------------------

    @Test
    void servesTheProjectByNumericIdAndByUrlEncodedPath() throws Exception {
        HttpResponse<String> byId = get(api + "/projects/" + project.id());
        HttpResponse<String> byPath = get(encoded);

        assertThat(byId.statusCode()).isEqualTo(200);
        assertThat(byPath.body()).isEqualTo(byId.body());
        JsonNode p = json(byId);
        assertThat(p.get("id").asLong()).isEqualTo(project.id());
        assertThat(p.get("web_url").asText()).isEqualTo(simulator.baseUrl() + "/acme/platform/backend").isEqualTo(project.url());
        assertThat(p.get("path_with_namespace").asText()).isEqualTo("acme/platform/backend");
        assertThat(p.get("name_with_namespace").asText()).isEqualTo("Acme / Platform / Backend");
        assertThat(p.get("namespace").get("full_path").asText()).isEqualTo("acme/platform");
        assertThat(p.get("namespace").get("kind").asText()).isEqualTo("group");
        assertThat(p.get("default_branch").asText()).isEqualTo("main");
        assertThat(p.get("_links").get("self").asText()).isEqualTo(api + "/projects/" + project.id());
        assertThat(p).isEqualTo(project.project());
        assertThat(byId.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    }

    @Test
    void withoutTheTokenAnswers401WithGitLabsBody() throws Exception {
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(encoded)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(encoded)).header("PRIVATE-TOKEN", "nope").build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(URI.create(encoded))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none)).isEqualTo(Shapes.MAPPER.readTree("{\"message\":\"401 Unauthorized\"}"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("message").asText()).isEqualTo("401 Unauthorized");
        assertThat(bearer.statusCode()).isEqualTo(200);
    }

    @Test
    void notFoundBodiesAreGitLabs() throws Exception {
        assertThat(get(api + "/projects/acme%2Fplatform%2Fmissing")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(json(r).toString()).isEqualTo("{\"message\":\"404 Project Not Found\"}");
        });
        assertThat(get(api + "/projects/9999/merge_requests")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(json(r).get("message").asText()).isEqualTo("404 Project Not Found");
        });
        // find_by! misses: ActiveRecord's "404 Not found"
        for (String missing : List.of("/merge_requests/999/notes", "/merge_requests/999/approvals", "/issues/999/notes", "/pipelines/12345")) {
            HttpResponse<String> r = get(encoded + missing);
            assertThat(r.statusCode()).as(missing).isEqualTo(404);
            assertThat(json(r).toString()).as(missing).isEqualTo("{\"message\":\"404 Not found\"}");
        }
        assertThat(json(get(api + "/groups/acme%2Fnope/members")).get("message").asText()).isEqualTo("404 Group Not Found");
        HttpResponse<String> noRoute = get(encoded + "/no_such_thing");
        assertThat(noRoute.statusCode()).isEqualTo(404);
        assertThat(json(noRoute).toString()).isEqualTo("{\"error\":\"404 Not Found\"}");
    }

    @Test
    void invalidParametersAnswerGrapes400() throws Exception {
        HttpResponse<String> state = get(encoded + "/merge_requests?state=open");
        HttpResponse<String> date = get(encoded + "/issues?updated_after=yesterday");
        HttpResponse<String> page = get(encoded + "/pipelines?per_page=many");

        assertThat(state.statusCode()).isEqualTo(400);
        assertThat(json(state).toString()).isEqualTo("{\"error\":\"state does not have a valid value\"}");
        assertThat(json(date).toString()).isEqualTo("{\"error\":\"updated_after is invalid\"}");
        assertThat(json(page).toString()).isEqualTo("{\"error\":\"per_page is invalid\"}");
    }

    // ---- offset pagination -----------------------------------------------------------------------

    @Test
    void paginatesMergeRequestsWithGitLabsHeadersAndLinks() throws Exception {
        String path = "/api/v4/projects/" + project.id() + "/merge_requests";
        HttpResponse<String> first = get(api + "/projects/" + project.id() + "/merge_requests?per_page=10");
        HttpResponse<String> second = get(api + "/projects/" + project.id() + "/merge_requests?per_page=10&page=2");
        HttpResponse<String> last = get(api + "/projects/" + project.id() + "/merge_requests?per_page=10&page=3");

        assertThat(headers(first)).containsEntry("x-page", "1").containsEntry("x-per-page", "10")
                .containsEntry("x-next-page", "2").containsEntry("x-prev-page", "")
                .containsEntry("x-total", "25").containsEntry("x-total-pages", "3");
        assertThat(headers(second)).containsEntry("x-page", "2").containsEntry("x-next-page", "3").containsEntry("x-prev-page", "1");
        assertThat(headers(last)).containsEntry("x-page", "3").containsEntry("x-next-page", "").containsEntry("x-prev-page", "2");
        // prev, next, first, last in GitLab's order; the query is Rails' to_query of the params (path id included), keys sorted
        String base = simulator.baseUrl() + path + "?id=" + project.id();
        assertThat(second.headers().firstValue("Link")).hasValue(
                "<" + base + "&page=1&per_page=10>; rel=\"prev\", "
                + "<" + base + "&page=3&per_page=10>; rel=\"next\", "
                + "<" + base + "&page=1&per_page=10>; rel=\"first\", "
                + "<" + base + "&page=3&per_page=10>; rel=\"last\"");
        assertThat(links(first)).containsOnlyKeys("next", "first", "last");
        assertThat(links(last)).containsOnlyKeys("prev", "first", "last");
        assertThat(json(last).size()).isEqualTo(5);

        // default order: created_at desc
        List<Integer> iids = new ArrayList<>();
        for (HttpResponse<String> r : List.of(first, second, last)) {
            json(r).forEach(mr -> iids.add(mr.get("iid").asInt()));
        }
        assertThat(iids).hasSize(25).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void followingRelNextVisitsEveryItemOnceAndKeepsTheFilters() throws Exception {
        List<String> seen = new ArrayList<>();
        String url = encoded + "/issues?per_page=5&state=all&order_by=updated_at&sort=asc";
        int pages = 0;
        while (url != null) {
            HttpResponse<String> r = get(url);
            pages++;
            json(r).forEach(i -> seen.add(i.get("id").asText()));
            url = links(r).get("next");
            if (url != null) {
                assertThat(url).contains("order_by=updated_at").contains("sort=asc").contains("state=all")
                        .contains("id=acme%2Fplatform%2Fbackend").startsWith(encoded + "/issues?");
            }
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(12).doesNotHaveDuplicates();
    }

    @Test
    void perPageDefaultsTo20AndIsCappedAt100() throws Exception {
        HttpResponse<String> defaults = get(encoded + "/merge_requests");
        HttpResponse<String> capped = get(encoded + "/merge_requests?per_page=500");
        HttpResponse<String> beyond = get(encoded + "/merge_requests?page=9");

        assertThat(json(defaults).size()).isEqualTo(20);
        assertThat(headers(defaults)).containsEntry("x-per-page", "20").containsEntry("x-total-pages", "2");
        assertThat(links(defaults).get("next")).contains("per_page=20").contains("page=2");
        assertThat(json(capped).size()).isEqualTo(25);
        assertThat(headers(capped)).containsEntry("x-per-page", "100");
        assertThat(links(capped).get("first")).contains("per_page=500"); // GitLab echoes the requested per_page
        assertThat(json(beyond).size()).isZero();
        assertThat(headers(beyond)).containsEntry("x-next-page", "").containsEntry("x-prev-page", "").containsEntry("x-page", "9");
    }

    @Test
    void commitsComeNewestFirstWithoutTotalsAndAFullPageAnnouncesANextOne() throws Exception {
        HttpResponse<String> first = get(encoded + "/repository/commits?per_page=15");
        HttpResponse<String> third = get(encoded + "/repository/commits?per_page=15&page=3");
        HttpResponse<String> fourth = get(encoded + "/repository/commits?per_page=15&page=4");

        assertThat(headers(first)).containsEntry("x-next-page", "2").containsEntry("x-prev-page", "")
                .doesNotContainKeys("x-total", "x-total-pages");
        assertThat(links(first)).containsOnlyKeys("next", "first");
        assertThat(headers(third)).containsEntry("x-next-page", "4"); // 45 commits: page 3 is full, so GitLab offers page 4
        assertThat(json(fourth).size()).isZero();
        assertThat(headers(fourth)).containsEntry("x-next-page", "").containsEntry("x-prev-page", "3");
        assertThat(links(fourth)).containsOnlyKeys("prev", "first");

        List<String> shas = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            json(get(encoded + "/repository/commits?per_page=15&page=" + page)).forEach(c -> shas.add(c.get("id").asText()));
        }
        assertThat(shas).isEqualTo(project.commitShas());
        JsonNode newest = json(first).get(0);
        assertThat(newest.get("committed_date").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00");
        assertThat(newest.get("short_id").asText()).isEqualTo(newest.get("id").asText().substring(0, 8));
        assertThat(newest.get("parent_ids").get(0).asText()).isEqualTo(shas.get(1));
    }

    @Test
    void commitsSinceAndUntilAreInclusive() throws Exception {
        List<ObjectNode> commits = project.commits();
        String at = commits.get(10).get("committed_date").asText(); // "…+00:00"
        Instant instant = SimulatedGitLabProject.parse(at);

        assertThat(json(get(encoded + "/repository/commits?per_page=100&since=" + enc(at))).size()).isEqualTo(11);
        // an unencoded '+' arrives as a space; Z and no fraction mean the same instant
        assertThat(json(get(encoded + "/repository/commits?per_page=100&since=" + at)).size()).isEqualTo(11);
        assertThat(json(get(encoded + "/repository/commits?per_page=100&since=" + instant)).size()).isEqualTo(11);
        assertThat(json(get(encoded + "/repository/commits?per_page=100&until=" + enc(at))).size()).isEqualTo(commits.size() - 10);
        assertThat(json(get(encoded + "/repository/commits?since=2099-01-01T00:00:00Z"))).isEmpty();
    }

    // ---- merge requests --------------------------------------------------------------------------

    @Test
    void mergeRequestStateFilterDefaultsToAll() throws Exception {
        List<ObjectNode> all = project.mergeRequests();
        for (String state : List.of("opened", "closed", "merged", "locked")) {
            long expected = all.stream().filter(m -> m.get("state").asText().equals(state)).count();
            JsonNode page = json(get(encoded + "/merge_requests?per_page=100&state=" + state));
            assertThat(page.size()).as(state).isEqualTo((int) expected);
            page.forEach(m -> assertThat(m.get("state").asText()).isEqualTo(state));
        }
        assertThat(all).extracting(m -> m.get("state").asText()).contains("opened", "closed", "merged");
        assertThat(json(get(encoded + "/merge_requests?per_page=100")).size()).isEqualTo(25);
        assertThat(json(get(encoded + "/merge_requests?per_page=100&state=all")).size()).isEqualTo(25);
        JsonNode merged = json(get(encoded + "/merge_requests?state=merged")).get(0);
        assertThat(merged.get("merged_at").isNull()).isFalse();
        assertThat(merged.get("merged_by").get("web_url").asText()).startsWith(simulator.baseUrl());
    }

    @Test
    void mergeRequestsOrderAndUpdatedAfterIsInclusive() throws Exception {
        JsonNode ascending = json(get(encoded + "/merge_requests?per_page=100&order_by=updated_at&sort=asc"));
        List<Instant> updated = new ArrayList<>();
        ascending.forEach(m -> updated.add(SimulatedGitLabProject.parse(m.get("updated_at").asText())));
        assertThat(updated).isSorted();

        String cut = ascending.get(10).get("updated_at").asText();
        long expected = project.mergeRequests().stream()
                .filter(m -> !SimulatedGitLabProject.parse(m.get("updated_at").asText()).isBefore(SimulatedGitLabProject.parse(cut))).count();
        JsonNode after = json(get(encoded + "/merge_requests?per_page=100&updated_after=" + cut));
        assertThat(after.size()).isEqualTo((int) expected).isEqualTo(15);
        assertThat(after.toString()).contains("\"updated_at\":\"" + cut + "\"");
    }

    @Test
    void repeatedIidsParametersSelectMergeRequestsAndIssues() throws Exception {
        JsonNode mrs = json(get(encoded + "/merge_requests?iids[]=2&iids[]=5&iids%5B%5D=7"));
        JsonNode issues = json(get(encoded + "/issues?iids[]=1&iids[]=3"));
        HttpResponse<String> paged = get(encoded + "/merge_requests?iids[]=2&iids[]=5&iids[]=7&per_page=1");

        assertThat(mrs).extracting(m -> m.get("iid").asInt()).containsExactly(7, 5, 2);
        assertThat(issues).extracting(i -> i.get("iid").asInt()).containsExactly(3, 1);
        // arrays keep every value in the links, as to_query writes them
        assertThat(links(paged).get("next")).contains("iids%5B%5D=2&iids%5B%5D=5&iids%5B%5D=7");
    }

    @Test
    void approvalsCarryApprovedByUsersAndApprovingMovesUpdatedAt() throws Exception {
        int iid = project.openMergeRequest();
        JsonNode before = json(get(encoded + "/merge_requests/" + iid + "/approvals"));
        assertThat(before.get("approved_by")).isEmpty();
        assertThat(before.get("approvals_left").asInt()).isEqualTo(1);

        project.approve(iid, "carol");
        JsonNode after = json(get(encoded + "/merge_requests/" + iid + "/approvals"));
        assertThat(after.get("iid").asInt()).isEqualTo(iid);
        assertThat(after.get("approvals_left").asInt()).isZero();
        assertThat(after.get("approved_by").get(0).get("user").get("username").asText()).isEqualTo("carol");
        assertThat(after.get("approved_by").get(0).get("approved_at").asText()).isEqualTo(after.get("updated_at").asText());
        assertThat(after).isEqualTo(project.approvals(iid));
        assertThat(Iterators.names(after)).containsAll(Iterators.names(new Shapes("gitlab").example("approvals")));

        String approvedAt = after.get("updated_at").asText();
        JsonNode changed = json(get(encoded + "/merge_requests?updated_after=" + approvedAt));
        assertThat(changed).extracting(m -> m.get("iid").asInt()).containsExactly(iid);
        assertThat(Instant.parse(approvedAt)).isAfter(Instant.parse(before.get("updated_at").asText()));
    }

    @Test
    void mergeRequestNotesSortDescByDefaultAndIncludeSystemNotes() throws Exception {
        int iid = 4;
        HttpResponse<String> defaults = get(encoded + "/merge_requests/" + iid + "/notes");
        JsonNode asc = json(get(encoded + "/merge_requests/" + iid + "/notes?sort=asc&order_by=updated_at"));

        List<ObjectNode> expected = project.mergeRequestNotes(iid);
        assertThat(json(defaults)).extracting(n -> n.get("id").asLong())
                .containsExactlyElementsOf(expected.stream().map(n -> n.get("id").asLong()).sorted(Comparator.reverseOrder()).toList());
        assertThat(asc).extracting(n -> n.get("id").asLong())
                .containsExactlyElementsOf(expected.stream().map(n -> n.get("id").asLong()).toList());
        assertThat(json(defaults)).allSatisfy(n -> {
            assertThat(n.get("noteable_type").asText()).isEqualTo("MergeRequest");
            assertThat(n.get("noteable_iid").asInt()).isEqualTo(iid);
            assertThat(n.get("noteable_id").asLong()).isEqualTo(project.mergeRequest(iid).get("id").asLong());
        });
        assertThat(json(defaults)).extracting(n -> n.get("system").asBoolean()).contains(true, false);
        assertThat(project.mergeRequest(iid).get("user_notes_count").asInt()).isEqualTo(2); // 3 notes, one system
        assertThat(links(defaults).get("first")).contains("noteable_id=" + iid).contains("id=acme%2Fplatform%2Fbackend");
    }

    @Test
    void noteMutationsMoveTheNoteablesUpdatedAt() throws Exception {
        String before = project.mergeRequest(1).get("updated_at").asText();
        long noteId = project.addMergeRequestNote(1);
        JsonNode changed = json(get(encoded + "/merge_requests?updated_after=" + project.mergeRequest(1).get("updated_at").asText()));

        assertThat(changed).extracting(m -> m.get("iid").asInt()).containsExactly(1);
        assertThat(Instant.parse(project.mergeRequest(1).get("updated_at").asText())).isAfter(Instant.parse(before));
        assertThat(json(get(encoded + "/merge_requests/1/notes")).get(0).get("id").asLong()).isEqualTo(noteId);

        long issueNote = project.addIssueNote(2);
        JsonNode notes = json(get(encoded + "/issues/2/notes"));
        assertThat(notes.get(0).get("id").asLong()).isEqualTo(issueNote);
        assertThat(notes.get(0).get("noteable_type").asText()).isEqualTo("Issue");
        assertThat(json(get(encoded + "/issues?updated_after=" + notes.get(0).get("created_at").asText())))
                .extracting(i -> i.get("iid").asInt()).containsExactly(2);
    }

    @Test
    void mergeAndCloseSetStateTimesAndUsers() throws Exception {
        int merged = project.openMergeRequest();
        int closed = project.openMergeRequest();
        project.merge(merged);
        project.close(closed);

        JsonNode m = json(get(encoded + "/merge_requests?iids[]=" + merged)).get(0);
        JsonNode c = json(get(encoded + "/merge_requests?iids[]=" + closed)).get(0);
        assertThat(m.get("state").asText()).isEqualTo("merged");
        assertThat(m.get("merged_at").asText()).isEqualTo(m.get("updated_at").asText());
        assertThat(m.get("merge_commit_sha").isNull()).isFalse();
        assertThat(c.get("state").asText()).isEqualTo("closed");
        assertThat(c.get("closed_at").asText()).isEqualTo(c.get("updated_at").asText());
        assertThat(c.get("closed_by").get("username").isTextual()).isTrue();
        // the clock ticks 600 s per mutation
        assertThat(Instant.parse(c.get("closed_at").asText()))
                .isEqualTo(Instant.parse(m.get("merged_at").asText()).plusSeconds(600));
    }

    // ---- issues ----------------------------------------------------------------------------------

    @Test
    void issuesFilterByStateAndUpdatedAfter() throws Exception {
        assertThat(json(get(encoded + "/issues?per_page=100")).size()).isEqualTo(12);
        assertThat(json(get(encoded + "/issues?per_page=100&state=opened"))).hasSize(6)
                .allSatisfy(i -> assertThat(i.get("state").asText()).isEqualTo("opened"));
        assertThat(json(get(encoded + "/issues?per_page=100&state=closed"))).hasSize(6)
                .allSatisfy(i -> assertThat(i.get("closed_at").isNull()).isFalse());

        int iid = project.openIssue();
        String at = project.issue(iid).get("created_at").asText();
        assertThat(json(get(encoded + "/issues?updated_after=" + at))).extracting(i -> i.get("iid").asInt()).containsExactly(iid);
        project.closeIssue(1);
        assertThat(json(get(encoded + "/issues?updated_after=" + at + "&order_by=updated_at&sort=asc")))
                .extracting(i -> i.get("iid").asInt()).containsExactly(iid, 1);
        JsonNode issue = json(get(encoded + "/issues?iids[]=" + iid)).get(0);
        assertThat(issue.get("web_url").asText()).isEqualTo(project.url() + "/-/issues/" + iid);
        assertThat(issue.get("_links").get("notes").asText()).isEqualTo(api + "/projects/" + project.id() + "/issues/" + iid + "/notes");
        assertThat(json(get(encoded)).get("open_issues_count").asInt()).isEqualTo(6);
    }

    // ---- members, groups, protected branches -----------------------------------------------------

    @Test
    void allMembersMergeAncestorGroupsKeepingTheHighestAccessLevel() throws Exception {
        JsonNode all = json(get(encoded + "/members/all"));
        Map<String, Integer> levels = new LinkedHashMap<>();
        all.forEach(m -> levels.put(m.get("username").asText(), m.get("access_level").asInt()));

        // alice: Owner of acme, Maintainer of acme/platform; bob: Maintainer of acme, Developer of the project
        assertThat(levels).containsEntry("alice", 50).containsEntry("bob", 40).containsEntry("carol", 30)
                .containsEntry("dave", 30).containsEntry("erin", 20).hasSize(6);
        assertThat(all).isEqualTo(Shapes.MAPPER.valueToTree(project.members()));
        assertThat(Iterators.names(all.get(0))).containsAll(Iterators.names(new Shapes("gitlab").example("member")));
        assertThat(json(get(encoded + "/members/all?user_ids[]=11&user_ids[]=15")))
                .extracting(m -> m.get("username").asText()).containsExactly("alice", "erin");
        assertThat(json(get(encoded + "/members/all?query=car"))).extracting(m -> m.get("username").asText()).containsExactly("carol");
        assertThat(json(get(encoded + "/members"))).extracting(m -> m.get("username").asText() + ":" + m.get("access_level").asInt())
                .containsExactly("bob:30", "dave:30", "erin:20", "project_16_bot:40"); // direct members only
    }

    @Test
    void projectGroupsAreTheAncestorsAndEachListsItsDirectMembers() throws Exception {
        JsonNode groups = json(get(encoded + "/groups"));

        assertThat(groups).extracting(g -> g.get("full_path").asText()).containsExactly("acme", "acme/platform");
        JsonNode platform = groups.get(1);
        assertThat(platform.get("full_name").asText()).isEqualTo("Acme / Platform");
        assertThat(platform.get("web_url").asText()).isEqualTo(simulator.baseUrl() + "/groups/acme/platform");
        assertThat(Iterators.names(platform)).containsExactlyElementsOf(Iterators.names(new Shapes("gitlab").example("project_group")));
        assertThat(json(get(encoded + "/groups?skip_groups[]=" + groups.get(0).get("id").asLong())))
                .extracting(g -> g.get("full_path").asText()).containsExactly("acme/platform");

        long platformId = platform.get("id").asLong();
        JsonNode byId = json(get(api + "/groups/" + platformId + "/members"));
        JsonNode byPath = json(get(api + "/groups/acme%2Fplatform/members"));
        assertThat(byId).isEqualTo(byPath).isEqualTo(Shapes.MAPPER.valueToTree(project.groupMembers(platformId)));
        assertThat(byId).extracting(m -> m.get("username").asText() + ":" + m.get("access_level").asInt())
                .containsExactly("alice:40", "carol:30");
        assertThat(groups).isEqualTo(Shapes.MAPPER.valueToTree(project.groups()));

        // a sibling project shares the groups
        SimulatedGitLabProject frontend = simulator.createProject("acme/platform/frontend");
        assertThat(frontend.groups()).isEqualTo(project.groups());
    }

    @Test
    void protectedBranchesAreMainAndAWildcard() throws Exception {
        JsonNode branches = json(get(encoded + "/protected_branches"));

        assertThat(branches).extracting(b -> b.get("name").asText()).containsExactly("main", "release/*");
        assertThat(branches.get(0).get("push_access_levels").get(0).get("access_level").asInt()).isEqualTo(40);
        assertThat(branches).isEqualTo(Shapes.MAPPER.valueToTree(project.protectedBranches()));
    }

    // ---- pipelines -------------------------------------------------------------------------------

    @Test
    void pipelineListItemsCarryOnlyListFieldsAndTheDetailHasTimings() throws Exception {
        JsonNode list = json(get(encoded + "/pipelines?per_page=100"));
        List<String> listFields = Iterators.names(new Shapes("gitlab").example("pipeline"));

        assertThat(list).hasSize(10).allSatisfy(p -> assertThat(Iterators.names(p)).containsExactlyElementsOf(listFields));
        assertThat(list).extracting(p -> p.get("id").asLong()).isSortedAccordingTo(Comparator.reverseOrder()); // order_by id, sort desc
        assertThat(list).extracting(p -> p.get("status").asText())
                .contains("success", "failed", "canceled", "running", "skipped", "pending");

        JsonNode success = json(get(encoded + "/pipelines?status=success")).get(0);
        JsonNode detail = json(get(encoded + "/pipelines/" + success.get("id").asLong()));
        assertThat(Iterators.names(detail)).containsExactlyElementsOf(Iterators.names(new Shapes("gitlab").example("pipeline_detail")));
        assertThat(detail.get("detailed_status").get("text").asText()).isEqualTo("passed");
        Instant started = Instant.parse(detail.get("started_at").asText());
        Instant finished = Instant.parse(detail.get("finished_at").asText());
        assertThat(detail.get("duration").asLong()).isEqualTo(finished.getEpochSecond() - started.getEpochSecond());
        assertThat(detail.get("queued_duration").asInt()).isEqualTo(5);
        assertThat(detail.get("user").get("username").isTextual()).isTrue();
        assertThat(detail).isEqualTo(project.pipeline(success.get("id").asLong()));
        assertThat(json(get(encoded + "/pipelines?scope=finished&per_page=100")))
                .extracting(p -> p.get("status").asText()).containsOnly("success", "failed", "canceled", "skipped");
        assertThat(json(get(encoded + "/pipelines?scope=branches"))).extracting(p -> p.get("id").asLong())
                .containsExactly(project.pipelines().get(9).get("id").asLong());
        JsonNode running = json(get(encoded + "/pipelines?status=running")).get(0);
        assertThat(json(get(encoded + "/pipelines/" + running.get("id").asLong())).get("finished_at").isNull()).isTrue();
    }

    @Test
    void finishingAPipelineMovesItIntoUpdatedAfter() throws Exception {
        long id = project.addPipeline("running");
        String startedAt = project.pipeline(id).get("updated_at").asText();
        project.finishPipeline(id, "failed");
        ObjectNode finished = project.pipeline(id);

        JsonNode changed = json(get(encoded + "/pipelines?updated_after=" + startedAt + "&order_by=updated_at&sort=asc"));
        assertThat(changed).extracting(p -> p.get("id").asLong()).containsExactly(id);
        assertThat(changed.get(0).get("status").asText()).isEqualTo("failed");
        assertThat(finished.get("finished_at").asText()).isEqualTo(finished.get("updated_at").asText());
        assertThat(finished.get("duration").asLong()).isEqualTo(595);
        assertThat(json(get(encoded + "/pipelines?status=failed&per_page=100"))).extracting(p -> p.get("id").asLong()).contains(id);
    }

    // ---- HTTP behaviour --------------------------------------------------------------------------

    @Test
    void anUnchangedListAnswers304ToItsETag() throws Exception {
        HttpResponse<String> first = get(encoded + "/merge_requests?state=opened");
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = get(encoded + "/merge_requests?state=opened", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(simulator.notModifiedTo("/merge_requests")).isEqualTo(1);

        project.openMergeRequest();
        assertThat(get(encoded + "/merge_requests?state=opened", "If-None-Match", etag).statusCode()).isEqualTo(200);
    }

    @Test
    void sendsGitLabRateLimitHeadersAndAPlainText429() throws Exception {
        HttpResponse<String> r = get(encoded);
        assertThat(headers(r)).containsEntry("ratelimit-limit", "2000").containsEntry("ratelimit-name", "throttle_authenticated_api")
                .containsKeys("ratelimit-observed", "ratelimit-remaining", "ratelimit-reset")
                .doesNotContainKeys("ratelimit-resettime", "retry-after"); // those two come only with a 429
        Map<String, String> h = headers(r);
        assertThat(Integer.parseInt(h.get("ratelimit-observed")) + Integer.parseInt(h.get("ratelimit-remaining"))).isEqualTo(2000);
        assertThat(Long.parseLong(h.get("ratelimit-reset")) % 60).isZero(); // Unix time of the window's end

        simulator.rateLimit(2);
        HttpResponse<String> limited = null;
        for (int i = 0; i < 5 && limited == null; i++) { // at most one window boundary in 5 requests
            HttpResponse<String> x = get(encoded);
            limited = x.statusCode() == 429 ? x : null;
        }
        assertThat(limited).isNotNull();
        assertThat(limited.body()).isEqualTo("Retry later");
        assertThat(limited.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(headers(limited)).containsKey("retry-after").containsEntry("ratelimit-remaining", "0");
        assertThat(headers(limited).get("ratelimit-resettime")).endsWith(" GMT");
    }

    @Test
    void injectedFaultsAnswerErrorsThenRecover() throws Exception {
        project.faults().failNext(2, 500);
        assertThat(get(encoded + "/merge_requests").statusCode()).isEqualTo(500);
        HttpResponse<String> second = get(encoded + "/issues");
        assertThat(second.statusCode()).isEqualTo(500);
        assertThat(json(second).get("message").asText()).isEqualTo("500 Internal Server Error");
        assertThat(get(encoded + "/merge_requests").statusCode()).isEqualTo(200);

        project.faults().failNext(1, 429);
        HttpResponse<String> throttled = get(encoded + "/pipelines");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.body()).isEqualTo("Retry later");
        assertThat(simulator.requestsTo("/merge_requests")).isEqualTo(2);
    }

    @Test
    void everyUrlInServedObjectsPointsAtTheSimulator() throws Exception {
        List<String> paths = List.of("", "/repository/commits", "/merge_requests", "/merge_requests/3/approvals",
                "/merge_requests/3/notes", "/issues", "/issues/3/notes", "/members/all", "/groups", "/protected_branches",
                "/pipelines", "/pipelines/" + project.pipelines().get(0).get("id").asLong());
        List<String> urls = new ArrayList<>();
        for (String path : paths) {
            collectUrls(json(get(encoded + path + (path.contains("/pipelines/") || path.endsWith("approvals") || path.isEmpty() ? "" : "?per_page=100"))), "", urls);
        }
        collectUrls(json(get(api + "/groups/acme/members")), "", urls);

        assertThat(urls).isNotEmpty().allSatisfy(u -> assertThat(u).startsWith(simulator.baseUrl() + "/"));
    }

    @Test
    void seedingIsDeterministic() throws Exception {
        try (GitLabSimulator other = GitLabSimulator.start(0)) {
            SimulatedGitLabProject twin = other.createProject("acme/platform/backend").seed(45, 25, 2, 12, 3, 10);
            assertThat(twin.commitShas()).isEqualTo(project.commitShas());
            assertThat(strip(twin.mergeRequests(), other)).isEqualTo(strip(project.mergeRequests(), simulator));
            assertThat(strip(twin.pipelines(), other)).isEqualTo(strip(project.pipelines(), simulator));
            assertThat(strip(twin.issueNotes(3), other)).isEqualTo(strip(project.issueNotes(3), simulator));
        }
        List<String> added = project.addCommits(2);
        assertThat(project.commitShas().subList(0, 2)).containsExactly(added.get(1), added.get(0));
    }

    @Test
    void concurrentReadsAndMutationsAllSucceed() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String path = List.of("/repository/commits", "/merge_requests", "/issues", "/pipelines", "/members/all").get(i % 5);
                statuses.add(pool.submit(() -> get(encoded + path + "?per_page=100").statusCode()));
            }
            for (int i = 0; i < 10; i++) {
                project.addCommits(1);
                project.addMergeRequestNote(project.openMergeRequest());
                project.finishPipeline(project.addPipeline("running"), "success");
            }
            for (java.util.concurrent.Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private HttpResponse<String> get(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("PRIVATE-TOKEN", TOKEN);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return Shapes.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** Header names lower-cased, first values. */
    private static Map<String, String> headers(HttpResponse<String> response) {
        Map<String, String> h = new LinkedHashMap<>();
        response.headers().map().forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
        return h;
    }

    private static Map<String, String> links(HttpResponse<String> response) {
        Map<String, String> links = new LinkedHashMap<>();
        Matcher m = LINK.matcher(response.headers().firstValue("Link").orElse(""));
        while (m.find()) {
            links.put(m.group(2), m.group(1));
        }
        return links;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Every string that looks like a URL, or sits in a *url / *_url field. */
    private static void collectUrls(JsonNode node, String field, List<String> urls) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> collectUrls(e.getValue(), e.getKey(), urls));
        } else if (node.isArray()) {
            node.forEach(n -> collectUrls(n, field, urls));
        } else if (node.isTextual() && !field.equals("ssh_url_to_repo")
                && (node.asText().startsWith("http") || (field.endsWith("url") && !node.asText().isEmpty()))) {
            urls.add(node.asText());
        }
    }

    /** Objects with the simulator's port taken out, to compare two simulators. */
    private static String strip(List<ObjectNode> nodes, GitLabSimulator sim) throws IOException {
        return Shapes.MAPPER.writeValueAsString(nodes).replace(sim.baseUrl(), "BASE");
    }

    private static final class Iterators {
        static List<String> names(JsonNode node) {
            List<String> names = new ArrayList<>();
            Iterator<String> it = node.fieldNames();
            it.forEachRemaining(names::add);
            return names;
        }
    }
}
