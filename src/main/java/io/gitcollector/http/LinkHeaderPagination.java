package io.gitcollector.http;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** RFC 8288 {@code Link} header paging, as GitHub (and GitLab, Gitea) send it: follow {@code rel="next"}. */
public class LinkHeaderPagination implements Pagination {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
    private static final Pattern PAGE = Pattern.compile("[?&]page=(\\d+)");
    private static final Pattern REL_NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?");

    @Override
    public Optional<URI> next(ApiResponse response, JsonNode body) {
        return nextLink(response.header("Link")).map(next -> response.uri().resolve(next));
    }

    /** GitHub and Gitea name the last page: {@code rel="last"} with {@code page=N}. */
    @Override
    public OptionalLong pageCount(ApiResponse response, JsonNode body) {
        Optional<String> last = link(response.header("Link"), "last");
        if (last.isEmpty()) {
            return response.header("Link") == null ? OptionalLong.of(1) : OptionalLong.empty();
        }
        Matcher page = PAGE.matcher(last.get());
        return page.find() ? OptionalLong.of(Long.parseLong(page.group(1))) : OptionalLong.empty();
    }

    /** The target of {@code rel="next"} in a Link header value, if any. */
    public static Optional<String> nextLink(String linkHeader) {
        return link(linkHeader, "next");
    }

    private static Optional<String> link(String linkHeader, String relation) {
        if (linkHeader == null || linkHeader.isBlank()) {
            return Optional.empty();
        }
        Matcher link = LINK.matcher(linkHeader);
        while (link.find()) {
            Matcher rel = REL_NEXT.matcher(link.group(2));
            while (rel.find()) {
                for (String value : rel.group(1).trim().split("\\s+")) {
                    if (value.equalsIgnoreCase(relation)) {
                        return Optional.of(link.group(1).trim());
                    }
                }
            }
        }
        return Optional.empty();
    }
}
