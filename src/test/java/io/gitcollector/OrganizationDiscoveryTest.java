package io.gitcollector;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.model.RepositoryIdentity;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.CollectorIntegrationTest;
import io.gitcollector.support.EventSchemas;
import io.gitcollector.support.OrganizationChecks;
import io.gitcollector.support.TopicReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An organization registered over the API: its repositories are discovered and each collected on the
 * organization's schedule; one added upstream is collected after the next discovery, one gone upstream is no longer
 * scheduled, and removing the organization unschedules them all.
 */
class OrganizationDiscoveryTest extends CollectorIntegrationTest {

    private static final String PATH = OrganizationChecks.PATH;

    private final OrganizationChecks checks = new OrganizationChecks(this);

    @Test
    void anOrganizationsRepositoriesAreDiscoveredCollectedAndKeptInStepWithUpstream() {
        String org = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        List<SimulatedRepository> upstream = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            upstream.add(GITHUB.createRepository(org, "service-" + i).seed(2 + i, 0, 0));
        }
        String body = "{\"url\":\"" + GITHUB.apiUrl() + "/" + org + "\",\"interval\":\"PT1H\",\"full_sync_cron\":\"-\","
                + "\"discovery_interval\":\"PT2S\"}";

        HttpResponse<String> created = request("POST", PATH, body, OPERATOR_KEY);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode entry = json(created);
        String orgId = entry.path("organization_id").asText();
        assertThat(orgId).isEqualTo("org-" + RepositoryIdentity.idOf((GITHUB.apiUrl() + "/" + org).toLowerCase()).substring(5));
        assertThat(entry.path("kind").asText()).isEqualTo("organization");
        assertThat(entry.path("discovery_interval").asText()).isEqualTo("PT2S");
        assertThat(request("POST", PATH, body, OPERATOR_KEY).statusCode()).as("the same again").isEqualTo(200);
        assertThat(request("POST", PATH, body.replace("PT2S", "PT5S"), OPERATOR_KEY).statusCode()).isEqualTo(409);

        // Five discovered, each collected once: its first run (a full sync) on the organization's schedule.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> discovered(orgId).size() == 5 && upstream.stream().allMatch(this::collected));
        assertThat(discovered(orgId).keySet()).containsExactlyInAnyOrderElementsOf(ids(upstream));
        for (int i = 0; i < upstream.size(); i++) {
            assertThat(events("git.commits", id(upstream.get(i)))).as(upstream.get(i).url()).hasSize(3 + i);
        }

        // A sixth is added upstream: the next discovery schedules it, and it is collected.
        SimulatedRepository sixth = GITHUB.createRepository(org, "service-6").seed(4, 0, 0);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> discovered(orgId).containsKey(id(sixth)) && collected(sixth));
        assertThat(events("git.commits", id(sixth))).hasSize(4);
        assertThat(discovered(orgId)).hasSize(6);
        JsonNode last = organization(orgId).path("last_discovery");
        assertThat(last.path("outcome").asText()).isEqualTo("completed");

        // Discoveries since have run every two seconds; the first five were still collected once each (PT1H).
        for (SimulatedRepository repository : upstream) {
            assertThat(scheduledJobs(id(repository))).as(repository.url()).isEqualTo(1);
        }

        // One goes upstream: the next discovery no longer schedules it (its events stay).
        GITHUB.removeRepository(upstream.get(0));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> !discovered(orgId).containsKey(id(upstream.get(0))));
        assertThat(discovered(orgId)).hasSize(5);
        assertThat(events("git.commits", id(upstream.get(0)))).hasSize(3);

        // Removing the organization unschedules every repository its discoveries registered.
        HttpResponse<String> removed = request("DELETE", PATH + "/" + orgId, null, OPERATOR_KEY);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        assertThat(json(removed).path("unscheduled").size()).isEqualTo(5);
        JsonNode listed = json(request("GET", PATH, null, VIEWER_KEY));
        assertThat(listed.path("organizations").findValuesAsText("organization_id")).doesNotContain(orgId);
        assertThat(listed.path("repositories").findValuesAsText("organization_id")).doesNotContain(orgId);
        assertThat(request("DELETE", PATH + "/" + orgId, null, OPERATOR_KEY).statusCode()).isEqualTo(404);

        List<JsonNode> audit = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            audit.clear();
            audit.addAll(TopicReader.events(INFRA.kafka.bootstrapServers(), "git.audit", null).stream()
                    .filter(e -> e.path("data").path("action").asText().startsWith("organization.")
                            && (e.path("repository_url").asText().endsWith("/" + org)
                                    || e.path("data").path("path").asText().endsWith("/" + orgId)))
                    .toList());
            return audit.size() == 5;
        });
        audit.forEach(EventSchemas::assertValid);
        assertThat(audit).extracting(e -> e.path("data").path("action").asText() + " " + e.path("data").path("outcome").asText()
                + " " + e.path("data").path("status").asInt())
                .containsExactlyInAnyOrder(
                        "organization.register created 201",
                        "organization.register unchanged 200",
                        "organization.register registered_otherwise 409",
                        "organization.remove removed 200",
                        "organization.remove not_found 404");
    }

    /**
     * A GitLab group (its sub-group's project included, another group's left out) and a Bitbucket workspace: each
     * platform's discovery route lists them, and every listed repository is collected (Gitea's: GiteaSourceTest).
     */
    @Test
    void aGitLabGroupAndABitbucketWorkspaceAreEachDiscoveredAndCollected() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String group = "grp-" + suffix;
        GITLAB.createProject("other-" + suffix + "/outside").seed(1, 0, 0, 0, 0, 0);
        checks.expectDiscoveredAndCollected(GITLAB.baseUrl() + "/" + group, Map.of(
                GITLAB.createProject(group + "/app").seed(2, 0, 0, 0, 0, 0).url(), 2,
                GITLAB.createProject(group + "/sub/lib").seed(3, 0, 0, 0, 0, 0).url(), 3));

        String workspace = "ws-" + suffix;
        checks.expectDiscoveredAndCollected(BITBUCKET.baseUrl() + "/" + workspace, Map.of(
                BITBUCKET.createRepository(workspace, "api").seed(2, 0, 0, 0, 0, 0).url(), 2,
                BITBUCKET.createRepository(workspace, "web").seed(4, 0, 0, 0, 0, 0).url(), 4));
    }

    @Test
    void aDiscoveryThatFailsUnschedulesNothingAndSaysWhy() {
        String org = "flaky-" + UUID.randomUUID().toString().substring(0, 8);
        SimulatedRepository only = GITHUB.createRepository(org, "app").seed(1, 0, 0);
        String body = "{\"url\":\"" + GITHUB.apiUrl() + "/" + org + "\",\"interval\":\"PT1H\",\"full_sync_cron\":\"-\","
                + "\"discovery_interval\":\"PT1S\"}";
        HttpResponse<String> created = request("POST", PATH, body, OPERATOR_KEY);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String orgId = json(created).path("organization_id").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> discovered(orgId).containsKey(id(only)));

        // The organization's listing now answers 404 (GitHub's answer for a name that is no organization).
        GITHUB.removeRepository(only);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> organization(orgId).path("last_discovery").path("outcome").asText().equals("failed"));
        assertThat(organization(orgId).path("last_discovery").path("error").asText()).contains("404");
        assertThat(discovered(orgId)).as("a failed discovery unschedules nothing").containsOnlyKeys(id(only));
        assertThat(request("DELETE", PATH + "/" + orgId, null, OPERATOR_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void organizationRegistrationsThatCannotBeAre400sThatSayWhy() {
        String org = GITHUB.apiUrl() + "/bad-" + UUID.randomUUID().toString().substring(0, 8);
        expect400("{\"url\":\"" + org + "\",\"kind\":\"team\"}", "kind must be");
        expect400("{\"url\":\"" + org + "/repo\",\"kind\":\"organization\"}", "does not name an organization on github");
        expect400("{\"url\":\"" + org + "\",\"discovery_interval\":\"daily\"}", "discovery_interval 'daily' is not an ISO-8601");
        expect400("{\"url\":\"" + org + "/repo\",\"kind\":\"repository\",\"discovery_interval\":\"PT1H\"}",
                "discovery_interval is for an organization");
        expect400("{\"url\":\"" + GERRIT.apiUrl() + "/platform\",\"kind\":\"organization\"}", "gerrit has no organization-path-pattern");
        assertThat(json(request("GET", PATH, null, VIEWER_KEY)).path("organizations").findValuesAsText("organization_url"))
                .as("nothing of them was stored").noneMatch(url -> url.contains("/bad-"));
    }

    private void expect400(String body, String says) {
        HttpResponse<String> response = request("POST", PATH, body, OPERATOR_KEY);
        assertThat(response.statusCode()).as(body + " → " + response.body()).isEqualTo(400);
        assertThat(json(response).path("message").asText()).as(body).contains(says);
    }

    private boolean collected(SimulatedRepository repository) {
        return checks.collected(id(repository));
    }

    private Map<String, JsonNode> discovered(String orgId) {
        return checks.discovered(orgId);
    }

    private JsonNode organization(String orgId) {
        return checks.organization(orgId);
    }

    private HttpResponse<String> request(String method, String path, String body, String key) {
        return checks.request(method, path, body, key);
    }

    private long scheduledJobs(String id) {
        return TopicReader.events(INFRA.kafka.bootstrapServers(), "git.collect.jobs", id).stream()
                .filter(job -> job.path("requested_by").asText().equals("schedule")).count();
    }

    private static String id(SimulatedRepository repository) {
        return OrganizationChecks.idOf(repository.url());
    }

    private static List<String> ids(List<SimulatedRepository> repositories) {
        return repositories.stream().map(OrganizationDiscoveryTest::id).toList();
    }

}
