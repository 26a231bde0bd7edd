package io.gitcollector.unit;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.http.ApiResponse;
import io.gitcollector.http.Pagination;
import io.gitcollector.http.PaginationStyles;
import io.gitcollector.simulator.Shapes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The link-header preset (an expression in pagination-presets.yaml) on GitHub's and Gitea's recorded Link headers. */
class LinkHeaderPaginationTest {

    private static final Pagination LINK_HEADER = PaginationStyles.named("link-header");

    @Test
    void followsRelNextOfARecordedGitHubLinkHeader() {
        String link = new Shapes("github").keyed("headers", "octokit_fixtures_paginate_issues_page2_200").get("link").asText();

        assertThat(nextLink(link)).hasValue("https://api.github.com/repositories/1000/issues?per_page=3&page=3");
    }

    @Test
    void pageCountComesFromRelLast() {
        String link = new Shapes("github").keyed("headers", "pygithub_commits_200_link").get("link").asText();
        ApiResponse response = new ApiResponse(URI.create("https://api.github.com/repos/a/b/commits"), 200,
                Map.of("Link", link), new byte[0]);

        assertThat(LINK_HEADER.pageCount(response, null)).hasValue(1044);
    }

    @Test
    void lastPageHasNoNext() {
        String link = "<https://api.github.com/repositories/1/commits?page=1>; rel=\"first\", "
                + "<https://api.github.com/repositories/1/commits?page=4>; rel=\"prev\"";

        assertThat(nextLink(link)).isEmpty();
        assertThat(nextLink(null)).isEmpty();
    }

    @Test
    void relativeNextIsResolvedAgainstTheRequestedUrl() {
        ApiResponse response = new ApiResponse(URI.create("https://gitea.example.com/api/v1/repos/a/b/commits?page=1"), 200,
                Map.of("link", "</api/v1/repos/a/b/commits?page=2>; rel=\"next\""), new byte[0]);

        assertThat(LINK_HEADER.next(response, new ObjectMapper().createArrayNode()))
                .hasValue(URI.create("https://gitea.example.com/api/v1/repos/a/b/commits?page=2"));
    }

    /** The next page a Link header names, for a page of https://api.github.com/repos/a/b/issues. */
    private static java.util.Optional<String> nextLink(String link) {
        Map<String, Object> headers = link == null ? Map.of() : Map.of("Link", link);
        return LINK_HEADER.next(new ApiResponse(URI.create("https://api.github.com/repos/a/b/issues"), 200, headers, new byte[0]), null)
                .map(URI::toString);
    }
}
