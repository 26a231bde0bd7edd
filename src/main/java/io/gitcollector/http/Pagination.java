package io.gitcollector.http;

import java.net.URI;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** How an API says where the next page is. */
public interface Pagination {

    /** The next page's URL, or empty on the last page. */
    Optional<URI> next(ApiResponse response, JsonNode body);

    /** How many pages the list has, where the API says so (for progress); empty otherwise. */
    default java.util.OptionalLong pageCount(ApiResponse response, JsonNode body) {
        return java.util.OptionalLong.empty();
    }
}
