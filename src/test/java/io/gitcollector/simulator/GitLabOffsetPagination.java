package io.gitcollector.simulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.simulator.SimulatorServer.Call;

/**
 * GitLab's offset pagination, as lib/gitlab/pagination/offset_pagination.rb and
 * offset_header_builder.rb write it: {@code page} (default 1) and {@code per_page} (default 20, at most
 * 100); headers X-Per-Page, X-Page, X-Next-Page and X-Prev-Page (empty strings when there is none),
 * X-Total and X-Total-Pages, and a Link header with rel prev, next, first and last in that order.
 * A link repeats the request's path and its parameters, plus the path parameters Grape puts among
 * them ({@code id}, {@code noteable_id}), with {@code page} set and {@code per_page} as requested,
 * written by Rails' {@code to_query}: keys sorted, values CGI-escaped.
 */
final class GitLabOffsetPagination {

    static final int DEFAULT_PER_PAGE = 20;
    static final int MAX_PER_PAGE = 100;
    /** Above this many items GitLab stops counting: no X-Total, X-Total-Pages or rel="last". */
    static final int MAX_COUNT = 10_000;

    /** How GitLab knows whether a next page exists. */
    enum Counting {
        /** Counts the list: totals, last link. Above MAX_COUNT it falls back to not counting. */
        COUNTED,
        /**
         * The commits API: it counts offset + page size + 1, so a full page always announces a next
         * page (which may be empty), and it leaves out X-Total, X-Total-Pages and rel="last".
         */
        COMMITS
    }

    private GitLabOffsetPagination() {
    }

    /** Answers one page of {@code all} with GitLab's pagination headers. */
    static void page(Call call, String baseUrl, Map<String, String> pathParams, List<ObjectNode> all, Counting counting)
            throws IOException {
        int requestedPerPage = GitLabParams.integer(call, "per_page", DEFAULT_PER_PAGE);
        int page = Math.max(1, GitLabParams.integer(call, "page", 1));
        int perPage = Math.min(MAX_PER_PAGE, requestedPerPage < 1 ? DEFAULT_PER_PAGE : requestedPerPage);
        long offset = (long) (page - 1) * perPage;
        List<ObjectNode> items = all.stream().skip(offset).limit(perPage).toList();

        Integer next;
        Integer prev;
        Integer totalPages = null;
        if (counting == Counting.COMMITS) {
            next = items.size() == perPage ? page + 1 : null;
            prev = page > 1 ? page - 1 : null;
        } else if (all.size() > MAX_COUNT) {
            // Kaminari without_count: a next page if records follow; out of range when the page is empty.
            next = offset + perPage < all.size() ? page + 1 : null;
            prev = page > 1 && !items.isEmpty() ? page - 1 : null;
        } else {
            int pages = (all.size() + perPage - 1) / perPage;
            boolean outOfRange = page > pages;
            next = !outOfRange && page < pages ? page + 1 : null;
            prev = !outOfRange && page > 1 ? page - 1 : null;
            totalPages = Math.max(1, pages);
        }

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Per-Page", Integer.toString(perPage));
        headers.put("X-Page", Integer.toString(page));
        headers.put("X-Next-Page", next == null ? "" : next.toString());
        headers.put("X-Prev-Page", prev == null ? "" : prev.toString());
        List<String> links = new ArrayList<>();
        if (prev != null) {
            links.add(link(call, baseUrl, pathParams, prev, requestedPerPage, "prev"));
        }
        if (next != null) {
            links.add(link(call, baseUrl, pathParams, next, requestedPerPage, "next"));
        }
        links.add(link(call, baseUrl, pathParams, 1, requestedPerPage, "first"));
        if (totalPages != null) {
            links.add(link(call, baseUrl, pathParams, totalPages, requestedPerPage, "last"));
            headers.put("X-Total", Integer.toString(all.size()));
            headers.put("X-Total-Pages", totalPages.toString());
        }
        headers.put("Link", String.join(", ", links));
        ArrayNode body = Shapes.MAPPER.createArrayNode();
        items.forEach(body::add);
        call.json(body, headers);
    }

    private static String link(Call call, String baseUrl, Map<String, String> pathParams, int page, int perPage, String rel) {
        // Grape's params: the query (last value of a scalar, every value of a name[] array) and the path parameters.
        Map<String, List<String>> params = new LinkedHashMap<>();
        call.queryMulti().forEach((k, v) -> params.put(k, k.endsWith("[]") ? v : List.of(v.get(v.size() - 1))));
        pathParams.forEach((k, v) -> params.put(k, List.of(v)));
        params.put("page", List.of(Integer.toString(page)));
        params.put("per_page", List.of(Integer.toString(perPage)));
        List<String> pairs = new ArrayList<>();
        params.forEach((k, values) -> pairs.add(String.join("&",
                values.stream().map(v -> SimulatorServer.formEscape(k) + "=" + SimulatorServer.formEscape(v)).toList())));
        pairs.sort(null); // Hash#to_query sorts the pairs, escaped as Ruby's CGI.escape does
        return "<" + baseUrl + call.rawPath() + "?" + String.join("&", pairs) + ">; rel=\"" + rel + "\"";
    }

}
