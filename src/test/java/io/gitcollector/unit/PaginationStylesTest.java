package io.gitcollector.unit;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.http.ApiResponse;
import io.gitcollector.http.PaginationStyles;
import io.gitcollector.http.PlatformApiException;
import io.gitcollector.http.PlatformHttpClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The paging styles sources name, on the headers and bodies the platforms document. */
class PaginationStylesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bitbucketFollowsTheNextUrlOfTheBody() throws Exception {
        ApiResponse response = response("https://api.bitbucket.org/2.0/repositories/w/r/pullrequests?pagelen=50", Map.of());
        JsonNode body = JSON.readTree("{\"pagelen\":50,\"size\":120,\"page\":1,\"values\":[],"
                + "\"next\":\"https://api.bitbucket.org/2.0/repositories/w/r/pullrequests?pagelen=50&page=2\"}");

        assertThat(PaginationStyles.named("body-next").next(response, body))
                .contains(URI.create("https://api.bitbucket.org/2.0/repositories/w/r/pullrequests?pagelen=50&page=2"));
        assertThat(PaginationStyles.named("body-next").pageCount(response, body)).hasValue(3);
    }

    @Test
    void bitbucketPipelinesWithoutNextArePagedByPageAndSize() throws Exception {
        ApiResponse response = response("https://api.bitbucket.org/2.0/repositories/w/r/pipelines?sort=-created_on&pagelen=10", Map.of());
        JsonNode first = JSON.readTree("{\"page\":1,\"pagelen\":10,\"size\":21,\"values\":[]}");
        JsonNode last = JSON.readTree("{\"page\":3,\"pagelen\":10,\"size\":21,\"values\":[]}");

        assertThat(PaginationStyles.named("body-next").next(response, first))
                .contains(URI.create("https://api.bitbucket.org/2.0/repositories/w/r/pipelines?sort=-created_on&pagelen=10&page=2"));
        assertThat(PaginationStyles.named("body-next").next(response, last)).isEmpty();
    }

    @Test
    void gitlabUsesTheLinkHeaderAndElseXNextPage() throws Exception {
        String url = "https://gitlab.com/api/v4/projects/a%2Fb/repository/commits?per_page=100&page=1";
        ApiResponse withLink = response(url, Map.of("Link",
                "<https://gitlab.com/api/v4/projects/8/repository/commits?id=8&page=2&per_page=100>; rel=\"next\"",
                "X-Next-Page", "2"));
        ApiResponse withoutLink = response(url, Map.of("X-Next-Page", "2", "X-Total-Pages", "7"));
        ApiResponse lastPage = response(url, Map.of("X-Next-Page", ""));

        assertThat(PaginationStyles.named("page-headers").next(withLink, null))
                .contains(URI.create("https://gitlab.com/api/v4/projects/8/repository/commits?id=8&page=2&per_page=100"));
        assertThat(PaginationStyles.named("page-headers").next(withoutLink, null))
                .contains(URI.create("https://gitlab.com/api/v4/projects/a%2Fb/repository/commits?per_page=100&page=2"));
        assertThat(PaginationStyles.named("page-headers").pageCount(withoutLink, null)).hasValue(7);
        assertThat(PaginationStyles.named("page-headers").next(lastPage, null)).isEmpty();
    }

    @Test
    void giteaListsWithoutLinkArePagedByTheirTotalCount() throws Exception {
        String url = "https://gitea.com/api/v1/repos/o/r/issues/comments?limit=50";
        JsonNode fullPage = JSON.valueToTree(java.util.Collections.nCopies(50, Map.of("id", 1)));
        JsonNode shortPage = JSON.valueToTree(java.util.Collections.nCopies(20, Map.of("id", 1)));

        assertThat(PaginationStyles.named("total-count").next(response(url, Map.of("X-Total-Count", "120")), fullPage))
                .contains(URI.create(url + "&page=2"));
        assertThat(PaginationStyles.named("total-count").next(response(url + "&page=3", Map.of("X-Total-Count", "120")), shortPage))
                .isEmpty();
        assertThat(PaginationStyles.named("total-count").next(response(url, Map.of("X-Total-Count", "50")), fullPage))
                .isEmpty();
    }

    @Test
    void aNextPageOnAnotherHostIsRefusedBeforeAnyCall() {
        CollectorProperties.Platform platform = new CollectorProperties.Platform();
        platform.setApiUrl("https://api.bitbucket.org/2.0");
        PlatformHttpClient client = new PlatformHttpClient(null, JSON, new CollectorProperties(), new io.gitcollector.http.HostCircuitBreakers(new CollectorProperties()),
                new io.gitcollector.http.HostConcurrency(new CollectorProperties()),
                new io.gitcollector.secrets.SecretRedactor(new CollectorProperties()));

        assertThatThrownBy(() -> client.get(platform, null, URI.create("https://evil.example.com/2.0/steal?page=2"), null,
                outcome -> { }))
                .isInstanceOf(PlatformApiException.class)
                .hasMessageContaining("refused to call https://evil.example.com")
                .hasMessageContaining("not the platform's API host api.bitbucket.org");
    }

    @Test
    void anUnknownStyleIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> PaginationStyles.named("cursor"))
                .hasMessageContaining("unknown pagination 'cursor'").hasMessageContaining("body-next");
    }

    private static ApiResponse response(String uri, Map<String, String> headers) {
        return new ApiResponse(URI.create(uri), 200, new LinkedHashMap<>(headers), new byte[0]);
    }

}
