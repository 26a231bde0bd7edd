package io.gitcollector.collect;

import io.gitcollector.http.ApiResponse;

/**
 * What a query call came back with: the answer, or word that the page was too much to answer at once (a gateway
 * timeout, or an error the source names), to be asked for again smaller.
 */
record QueryAnswer(ApiResponse response, boolean tooLarge, int status, String reason) {

    static QueryAnswer of(ApiResponse response) {
        return new QueryAnswer(response, false, response.status(), null);
    }

    static QueryAnswer tooLarge(int status, String reason) {
        return new QueryAnswer(null, true, status, reason);
    }
}
