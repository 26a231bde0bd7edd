package io.gitcollector.collect;

/**
 * A query resource's place in its connection, as the resume point keeps pages: {@code cursor:} and the cursor
 * (nothing after it for the first page). A run that stops to wait for a rate limit goes on from that cursor.
 */
final class QueryCursor {

    private static final String PREFIX = "cursor:";

    private QueryCursor() {
    }

    static String page(String cursor) {
        return PREFIX + (cursor == null ? "" : cursor);
    }

    /** @return the cursor a kept page names, or null for the first page (or a page that is no cursor) */
    static String fromPage(String page) {
        if (page == null || !page.startsWith(PREFIX) || page.length() == PREFIX.length()) {
            return null;
        }
        return page.substring(PREFIX.length());
    }
}
