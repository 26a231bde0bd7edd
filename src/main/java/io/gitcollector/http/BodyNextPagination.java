package io.gitcollector.http;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Paging by the body, as Bitbucket Cloud does: {@code {"values": [...], "next": "<url>", "page", "pagelen", "size"}}.
 * Follows {@code next}; a list that gives only {@code page}, {@code pagelen} and {@code size} is paged
 * by {@code page+1}. The client refuses a {@code next} on any host but the API's.
 */
public class BodyNextPagination implements Pagination {

    private static final Pattern PAGE = Pattern.compile("([?&])page=\\d+");

    @Override
    public Optional<URI> next(ApiResponse response, JsonNode body) {
        if (body == null || !body.isObject()) {
            return Optional.empty();
        }
        JsonNode next = body.get("next");
        if (next != null && next.isTextual() && !next.asText().isBlank()) {
            return Optional.of(response.uri().resolve(next.asText()));
        }
        long page = body.path("page").asLong(0);
        long pagelen = body.path("pagelen").asLong(0);
        long size = body.path("size").asLong(-1);
        if (next == null && page > 0 && pagelen > 0 && size >= 0 && page * pagelen < size) {
            return Optional.of(withPage(response.uri(), page + 1));
        }
        return Optional.empty();
    }

    @Override
    public OptionalLong pageCount(ApiResponse response, JsonNode body) {
        long pagelen = body == null ? 0 : body.path("pagelen").asLong(0);
        long size = body == null ? -1 : body.path("size").asLong(-1);
        return pagelen > 0 && size >= 0 ? OptionalLong.of(Math.max(1, (size + pagelen - 1) / pagelen)) : OptionalLong.empty();
    }

    static URI withPage(URI uri, long page) {
        String text = uri.toString();
        Matcher m = PAGE.matcher(text);
        if (m.find()) {
            return URI.create(m.replaceFirst(m.group(1) + "page=" + page));
        }
        return URI.create(text + (uri.getRawQuery() == null ? "?" : "&") + "page=" + page);
    }
}
