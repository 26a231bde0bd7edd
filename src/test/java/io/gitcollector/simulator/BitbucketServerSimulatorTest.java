package io.gitcollector.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the Bitbucket Data Center simulator to Bitbucket's REST 1.0 behaviour: its paging envelope, its
 * defaults and orders, bearer tokens and error bodies. The seeded repository PRJ/my-repo has 60 commits and
 * pull requests 1–8 (merged: 3, 6; declined: 1, 5; open: 2, 4, 7, 8).
 */
class BitbucketServerSimulatorTest {

    private static final String TOKEN = "BBDC-simulatorTestToken";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static BitbucketServerSimulator sim;
    private static SimulatedBitbucketServerRepository repo;
    private static String api;

    @BeforeAll
    static void start() throws IOException {
        sim = BitbucketServerSimulator.start(0);
        sim.requireToken(TOKEN);
        repo = sim.createRepository("PRJ", "my-repo").seed(60, 8);
        api = sim.apiUrl() + "/projects/PRJ/repos/my-repo";
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void repositoryIsTheRecordedShapeWithItsLinksOnTheSimulator() throws Exception {
        HttpResponse<String> response = get(sim.apiUrl() + "/projects/prj/repos/MY-REPO");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
        JsonNode body = json(response);
        assertThat(body.get("slug").asText()).isEqualTo("my-repo");
        assertThat(body.get("project").get("key").asText()).isEqualTo("PRJ");
        assertThat(body.get("links").get("self").get(0).get("href").asText()).isEqualTo(repo.url() + "/browse");
        assertThat(repo.url()).isEqualTo(sim.baseUrl() + "/projects/PRJ/repos/my-repo");
        assertThat(json(get(api + "/default-branch")).get("displayId").asText()).isEqualTo("main");
    }

    @Test
    void listsPageByStartAndLimitUntilIsLastPage() throws Exception {
        JsonNode first = json(get(api + "/commits"));
        assertThat(first.get("size").asInt()).isEqualTo(25);
        assertThat(first.get("limit").asInt()).isEqualTo(25);
        assertThat(first.get("isLastPage").asBoolean()).isFalse();
        assertThat(first.get("start").asInt()).isZero();
        assertThat(first.get("nextPageStart").asInt()).isEqualTo(25);

        List<String> served = new ArrayList<>();
        Integer start = 0;
        int pages = 0;
        while (start != null) {
            JsonNode page = json(get(api + "/commits?limit=20&start=" + start));
            page.get("values").forEach(c -> served.add(c.get("id").asText()));
            start = page.get("isLastPage").asBoolean() ? null : page.get("nextPageStart").asInt();
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(served).isEqualTo(repo.commits().stream().map(c -> c.get("id").asText()).toList());
        JsonNode last = json(get(api + "/commits?limit=20&start=40"));
        assertThat(last.get("isLastPage").asBoolean()).isTrue();
        assertThat(last.has("nextPageStart")).isFalse();
        assertThat(json(get(api + "/commits?limit=5000")).get("limit").asInt()).isEqualTo(1000);
    }

    @Test
    void commitsAreNewestFirstWithMillisecondTimesAndParents() throws Exception {
        JsonNode values = json(get(api + "/commits?limit=2")).get("values");
        assertThat(values.get(0).get("committerTimestamp").asLong()).isGreaterThan(values.get(1).get("committerTimestamp").asLong());
        assertThat(values.get(0).get("parents").get(0).get("id").asText()).isEqualTo(values.get(1).get("id").asText());
        assertThat(values.get(0).get("displayId").asText()).hasSize(11);
    }

    @Test
    void pullRequestsAreOpenOnlyByDefaultAndAllWithStateAllMostRecentlyUpdatedFirst() throws Exception {
        assertThat(ids(json(get(api + "/pull-requests")).get("values"))).containsExactlyInAnyOrder(2, 4, 7, 8);
        JsonNode all = json(get(api + "/pull-requests?state=ALL&order=NEWEST&limit=100")).get("values");
        assertThat(all).hasSize(8);
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i - 1).get("updatedDate").asLong()).isGreaterThanOrEqualTo(all.get(i).get("updatedDate").asLong());
        }
        assertThat(ids(json(get(api + "/pull-requests?state=MERGED")).get("values"))).containsExactlyInAnyOrder(3, 6);
        assertThat(ids(json(get(api + "/pull-requests?state=DECLINED")).get("values"))).containsExactlyInAnyOrder(1, 5);
        JsonNode merged = repo.pullRequest(3);
        assertThat(merged.get("closedDate").asLong()).isEqualTo(merged.get("updatedDate").asLong());
        assertThat(get(api + "/pull-requests?state=WHATEVER").statusCode()).isEqualTo(400);
    }

    @Test
    void activitiesAreNewestFirstAndARepliedCommentIsNestedAndItsOwnActivity() throws Exception {
        // Pull request 2: opened, two comments (the first answered), approved then unapproved.
        JsonNode values = json(get(api + "/pull-requests/2/activities")).get("values");
        List<String> actions = new ArrayList<>();
        values.forEach(a -> actions.add(a.get("action").asText() + (a.has("commentAction") ? ":" + a.get("commentAction").asText() : "")));
        assertThat(actions).containsExactly("UNAPPROVED", "APPROVED", "COMMENTED:ADDED", "COMMENTED:REPLIED", "COMMENTED:ADDED", "OPENED");
        JsonNode first = values.get(4).get("comment");
        JsonNode reply = values.get(3).get("comment");
        assertThat(first.get("comments").get(0).get("id").asLong()).isEqualTo(reply.get("id").asLong());
        assertThat(repo.pullRequest(2).get("updatedDate").asLong()).isEqualTo(values.get(0).get("createdDate").asLong());
    }

    @Test
    void missingTokenWrongTokenAndUnknownThingsAnswerBitbucketsErrors() throws Exception {
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(api)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(anonymous).get("errors").get(0).get("exceptionName").asText()).isEqualTo("com.atlassian.bitbucket.AuthorisationException");
        assertThat(json(anonymous).get("errors").get(0).has("context")).isTrue();

        HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create(api)).header("Authorization", "Bearer nope")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("errors").get(0).get("message").asText())
                .isEqualTo("Authentication failed. Please check your credentials and try again.");

        HttpResponse<String> noRepo = get(sim.apiUrl() + "/projects/PRJ/repos/nope");
        assertThat(noRepo.statusCode()).isEqualTo(404);
        assertThat(json(noRepo).get("errors").get(0).get("message").asText()).isEqualTo("Repository PRJ/nope does not exist.");
        assertThat(json(get(sim.apiUrl() + "/projects/NOPE/repos/x")).get("errors").get(0).get("exceptionName").asText())
                .isEqualTo("com.atlassian.bitbucket.project.NoSuchProjectException");
        HttpResponse<String> noPull = get(api + "/pull-requests/999/activities");
        assertThat(noPull.statusCode()).isEqualTo(404);
        assertThat(json(noPull).get("errors").get(0).get("exceptionName").asText())
                .isEqualTo("com.atlassian.bitbucket.pull.NoSuchPullRequestException");
    }

    @Test
    void aPersonalRepositoryIsReachedUnderItsTildeKey() throws Exception {
        SimulatedBitbucketServerRepository personal = sim.createRepository("~jcitizen", "scratch").seed(3, 0);
        JsonNode body = json(get(sim.apiUrl() + "/projects/~jcitizen/repos/scratch"));
        assertThat(body.get("project").get("type").asText()).isEqualTo("PERSONAL");
        assertThat(personal.url()).isEqualTo(sim.baseUrl() + "/projects/~jcitizen/repos/scratch");
        assertThat(json(get(sim.apiUrl() + "/projects/%7Ejcitizen/repos/scratch/commits")).get("size").asInt()).isEqualTo(3);
    }

    private static List<Integer> ids(JsonNode values) {
        List<Integer> ids = new ArrayList<>();
        values.forEach(v -> ids.add(v.get("id").asInt()));
        return ids;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Shapes.MAPPER.readTree(response.body());
    }
}
