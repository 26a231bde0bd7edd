package io.gitcollector.http;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * GitLab's offset paging: the {@code Link} header's rel="next" where sent, else {@code X-Next-Page}
 * (empty on the last page); {@code X-Total-Pages} for progress, which GitLab leaves out on large
 * lists and on commits.
 */
public class PageHeaderPagination implements Pagination {

    private final LinkHeaderPagination links = new LinkHeaderPagination();

    @Override
    public Optional<URI> next(ApiResponse response, JsonNode body) {
        Optional<URI> linked = links.next(response, body);
        if (linked.isPresent()) {
            return linked;
        }
        String nextPage = response.header("X-Next-Page");
        if (nextPage == null || nextPage.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(BodyNextPagination.withPage(response.uri(), Long.parseLong(nextPage.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public OptionalLong pageCount(ApiResponse response, JsonNode body) {
        Long total = response.longHeader("X-Total-Pages");
        if (total != null) {
            return OptionalLong.of(Math.max(1, total));
        }
        String nextPage = response.header("X-Next-Page");
        return nextPage != null && nextPage.isBlank() && response.header("Link") == null
                ? OptionalLong.of(1) : OptionalLong.empty();
    }
}
