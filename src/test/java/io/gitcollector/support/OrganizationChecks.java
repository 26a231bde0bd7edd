package io.gitcollector.support;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.model.RepositoryIdentity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Organizations registered over /api/v1/repositories, and what their discoveries scheduled, as a test reads them. */
public final class OrganizationChecks {

    public static final String PATH = "/api/v1/repositories";

    private final CollectorIntegrationTest test;

    public OrganizationChecks(CollectorIntegrationTest test) {
        this.test = test;
    }

    /**
     * Registers the organization, waits until exactly these repositories are discovered and each is collected with
     * its commits, then removes the organization.
     */
    public void expectDiscoveredAndCollected(String organizationUrl, Map<String, Integer> commitsByUrl) {
        HttpResponse<String> created = request("POST", PATH, "{\"url\":\"" + organizationUrl + "\",\"interval\":\"PT1H\","
                + "\"full_sync_cron\":\"-\"}", CollectorIntegrationTest.OPERATOR_KEY);
        assertThat(created.statusCode()).as(organizationUrl + " → " + created.body()).isEqualTo(201);
        String orgId = CollectorIntegrationTest.json(created).path("organization_id").asText();
        List<String> ids = commitsByUrl.keySet().stream().map(OrganizationChecks::idOf).toList();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> discovered(orgId).size() == ids.size() && ids.stream().allMatch(this::collected));
        assertThat(discovered(orgId).keySet()).as(organizationUrl).containsExactlyInAnyOrderElementsOf(ids);
        commitsByUrl.forEach((url, commits) -> assertThat(test.events("git.commits", idOf(url))).as(url).hasSize(commits));
        assertThat(organization(orgId).path("last_discovery").path("repositories").asInt()).isEqualTo(ids.size());
        assertThat(request("DELETE", PATH + "/" + orgId, null, CollectorIntegrationTest.OPERATOR_KEY).statusCode()).isEqualTo(200);
    }

    /** The scheduled repositories this organization's discoveries registered, by id. */
    public Map<String, JsonNode> discovered(String orgId) {
        Map<String, JsonNode> found = new TreeMap<>();
        for (JsonNode repository : listing().path("repositories")) {
            if (orgId.equals(repository.path("organization_id").asText())) {
                assertThat(repository.path("source").asText()).isEqualTo("discovery");
                found.put(repository.path("repository_id").asText(), repository);
            }
        }
        return found;
    }

    public JsonNode organization(String orgId) {
        for (JsonNode organization : listing().path("organizations")) {
            if (orgId.equals(organization.path("organization_id").asText())) {
                return organization;
            }
        }
        throw new AssertionError(orgId + " not listed");
    }

    public JsonNode listing() {
        return CollectorIntegrationTest.json(request("GET", PATH, null, CollectorIntegrationTest.VIEWER_KEY));
    }

    /** Whether the repository's last run completed and it has been synced. */
    public boolean collected(String repositoryId) {
        JsonNode status = test.status(repositoryId);
        return status.path("status").asText().equals("completed") && status.path("last_sync").isTextual();
    }

    public HttpResponse<String> request(String method, String path, String body, String key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(test.uri(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            builder.header("X-API-Key", key);
        }
        return CollectorIntegrationTest.sendAsIs(builder.build());
    }

    public static String idOf(String url) {
        return RepositoryIdentity.idOf(url.toLowerCase());
    }
}
