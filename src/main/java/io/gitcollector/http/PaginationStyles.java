package io.gitcollector.http;

import java.util.Map;
import java.util.Optional;

/** The pagination styles a source may name in its {@code pagination} parameter. */
public final class PaginationStyles {

    private static final Map<String, Pagination> STYLES = Map.of(
            "link-header", new LinkHeaderPagination(),
            "page-headers", new PageHeaderPagination(),
            "body-next", new BodyNextPagination(),
            "total-count", new TotalCountPagination(),
            "none", (response, body) -> Optional.empty());

    private PaginationStyles() {
    }

    public static Pagination named(String name) {
        Pagination pagination = STYLES.get(name);
        if (pagination == null) {
            throw new IllegalArgumentException("unknown pagination '" + name + "'; known: " + STYLES.keySet());
        }
        return pagination;
    }
}
