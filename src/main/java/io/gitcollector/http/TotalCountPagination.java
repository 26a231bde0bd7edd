package io.gitcollector.http;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Gitea's paging: a {@code Link} header on some lists, only {@code X-Total-Count} on others (repository
 * comments, reviews). Without a Link, the next page exists while {@code page × page size} is below the
 * total, the page size being the smaller of the one asked for and the one received.
 */
public class TotalCountPagination implements Pagination {

    private static final Pattern PARAM = Pattern.compile("[?&](page|limit|per_page|pagelen)=(\\d+)");

    private final LinkHeaderPagination links = new LinkHeaderPagination();

    @Override
    public Optional<URI> next(ApiResponse response, JsonNode body) {
        if (response.header("Link") != null) {
            return links.next(response, body);
        }
        Long total = response.longHeader("X-Total-Count");
        int received = body != null && body.isArray() ? body.size() : 0;
        if (total == null || received == 0) {
            return Optional.empty();
        }
        long page = 1;
        long asked = -1;
        Matcher m = PARAM.matcher(response.uri().getRawQuery() == null ? "" : "?" + response.uri().getRawQuery());
        while (m.find()) {
            if (m.group(1).equals("page")) {
                page = Long.parseLong(m.group(2));
            } else {
                asked = Long.parseLong(m.group(2));
            }
        }
        // A page smaller than asked is the last one, or the server capped the page size. If the pages
        // before it were as large as asked and this one completes the total, it is the last.
        if (asked > 0 && received < asked && (page - 1) * asked + received == total) {
            return Optional.empty();
        }
        if (page * Math.min(received, asked > 0 ? asked : received) >= total) {
            return Optional.empty();
        }
        return Optional.of(BodyNextPagination.withPage(response.uri(), page + 1));
    }

    @Override
    public OptionalLong pageCount(ApiResponse response, JsonNode body) {
        Long total = response.longHeader("X-Total-Count");
        int received = body != null && body.isArray() ? body.size() : 0;
        if (total == null) {
            return OptionalLong.empty();
        }
        return received == 0 ? OptionalLong.of(1) : OptionalLong.of(Math.max(1, (total + received - 1) / received));
    }
}
