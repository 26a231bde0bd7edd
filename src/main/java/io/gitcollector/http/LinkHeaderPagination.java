package io.gitcollector.http;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** RFC 8288 {@code Link} header paging, as GitHub (and GitLab, Gitea) send it: follow {@code rel="next"}. */
public class LinkHeaderPagination implements Pagination {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
    private static final Pattern REL_NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?");

    @Override
    public Optional<URI> next(ApiResponse response, JsonNode body) {
        return nextLink(response.header("Link")).map(next -> response.uri().resolve(next));
    }

    /** The target of {@code rel="next"} in a Link header value, if any. */
    public static Optional<String> nextLink(String linkHeader) {
        if (linkHeader == null || linkHeader.isBlank()) {
            return Optional.empty();
        }
        Matcher link = LINK.matcher(linkHeader);
        while (link.find()) {
            Matcher rel = REL_NEXT.matcher(link.group(2));
            while (rel.find()) {
                for (String value : rel.group(1).trim().split("\\s+")) {
                    if (value.equalsIgnoreCase("next")) {
                        return Optional.of(link.group(1).trim());
                    }
                }
            }
        }
        return Optional.empty();
    }
}
