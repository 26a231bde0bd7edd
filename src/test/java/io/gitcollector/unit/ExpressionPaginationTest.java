package io.gitcollector.unit;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.collect.ResourceSpec;
import io.gitcollector.http.ApiResponse;
import io.gitcollector.http.ExpressionPagination;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Paging a source declares as a jq expression: by next URL, or by offset (Gerrit's S=, Bitbucket Data Center's start=). */
class ExpressionPaginationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void gerritsMoreChangesOnTheLastItemAsksForTheNextOffset() throws Exception {
        ExpressionPagination gerrit = ExpressionPagination.nextOffset(
                "if (.body | length) > 0 and .body[-1]._more_changes then .offset + (.body | length) else null end", "S");
        URI first = URI.create("https://gerrit.example/a/changes/?q=project:core&n=2");

        Optional<URI> second = gerrit.next(answer(first, Map.of()), JSON.readTree("[{\"id\":\"a\"},{\"id\":\"b\",\"_more_changes\":true}]"));
        Optional<URI> third = gerrit.next(answer(second.orElseThrow(), Map.of()),
                JSON.readTree("[{\"id\":\"c\"},{\"id\":\"d\",\"_more_changes\":true}]"));
        Optional<URI> end = gerrit.next(answer(third.orElseThrow(), Map.of()), JSON.readTree("[{\"id\":\"e\"}]"));

        assertThat(second).contains(URI.create("https://gerrit.example/a/changes/?q=project:core&n=2&S=2"));
        assertThat(third).contains(URI.create("https://gerrit.example/a/changes/?q=project:core&n=2&S=4"));
        assertThat(end).isEmpty();
    }

    @Test
    void bitbucketDataCentersIsLastPageAndNextPageStart() throws Exception {
        ExpressionPagination dc = ExpressionPagination.nextOffset("if .body.isLastPage then null else .body.nextPageStart end", "start");
        URI first = URI.create("https://bitbucket.example/rest/api/1.0/projects/P/repos/r/commits?limit=25");

        assertThat(dc.next(answer(first, Map.of()), JSON.readTree("{\"values\":[],\"isLastPage\":false,\"nextPageStart\":25}")))
                .contains(URI.create("https://bitbucket.example/rest/api/1.0/projects/P/repos/r/commits?limit=25&start=25"));
        assertThat(dc.next(answer(URI.create(first + "&start=25"), Map.of()), JSON.readTree("{\"values\":[],\"isLastPage\":true}")))
                .isEmpty();
    }

    @Test
    void aNextUrlFromTheBodyOrAHeaderIsResolvedAgainstThePage() throws Exception {
        ExpressionPagination body = ExpressionPagination.nextUrl(".body.next");
        ExpressionPagination header = ExpressionPagination.nextUrl(".headers[\"x-continuation\"] | if . then \"?token=\" + . else null end");
        URI page = URI.create("https://api.example/v1/items?page=1");

        assertThat(body.next(answer(page, Map.of()), JSON.readTree("{\"next\":\"/v1/items?page=2\"}")))
                .contains(URI.create("https://api.example/v1/items?page=2"));
        assertThat(body.next(answer(page, Map.of()), JSON.readTree("{\"next\":null}"))).isEmpty();
        assertThat(header.next(answer(page, Map.of("X-Continuation", "abc")), JSON.readTree("[]")))
                .contains(URI.create("https://api.example/v1/items?token=abc"));
        assertThat(header.next(answer(page, Map.of()), JSON.readTree("[]"))).isEmpty();
    }

    @Test
    void aPageCountExpressionGivesTheProgressFigureAndNothingWhenItHasNoNumber() throws Exception {
        ExpressionPagination dc = ExpressionPagination.nextOffset("if .body.isLastPage then null else .body.nextPageStart end", "start",
                "if .body.size then (.body.size / .body.limit | ceil) else null end");
        URI page = URI.create("https://bitbucket.example/rest/api/1.0/projects/P/repos/r/commits?limit=25");

        assertThat(dc.pageCount(answer(page, Map.of()), JSON.readTree("{\"size\":60,\"limit\":25,\"values\":[]}"))).hasValue(3);
        assertThat(dc.pageCount(answer(page, Map.of()), JSON.readTree("{\"values\":[]}"))).isEmpty();
        assertThat(ExpressionPagination.nextUrl(".body.next").pageCount(answer(page, Map.of()), JSON.readTree("{}"))).isEmpty();
        assertThatThrownBy(() -> ResourceSpec.fromParameters("changes", params(Map.of("pageCount", "1"))))
                .hasMessageContaining("pageCount goes with nextUrl or nextOffset");
    }

    @Test
    void aSourcesExpressionIsCheckedWhenTheRouteIsCreated() {
        assertThatThrownBy(() -> ResourceSpec.fromParameters("changes", params(Map.of("nextOffset", ".body[-1]._more_changes |", "offsetParam", "S"))))
                .hasMessageContaining("collect:changes: nextOffset is not a jq expression that compiles: Encountered");
        assertThatThrownBy(() -> ResourceSpec.fromParameters("changes", params(Map.of("nextOffset", ".offset + 1"))))
                .hasMessageContaining("nextOffset needs offsetParam");
        assertThatThrownBy(() -> ResourceSpec.fromParameters("changes", params(Map.of("nextUrl", ".body.next", "pagination", "link-header"))))
                .hasMessageContaining("nextUrl and nextOffset are pagination: expression, not 'link-header'");
        assertThatThrownBy(() -> ResourceSpec.fromParameters("changes", params(Map.of("pagination", "expression"))))
                .hasMessageContaining("pagination: expression needs nextUrl or nextOffset");
        assertThat(ResourceSpec.fromParameters("changes", params(Map.of("nextUrl", ".body.next"))).pagination()).isEqualTo("expression");
    }

    private static Map<String, Object> params(Map<String, Object> extra) {
        Map<String, Object> p = new java.util.LinkedHashMap<>(Map.of("path", "/changes/", "mapper", "direct:m",
                "entity", "pull_request", "identity", "id"));
        p.putAll(extra);
        return p;
    }

    private static ApiResponse answer(URI uri, Map<String, Object> headers) {
        return new ApiResponse(uri, 200, headers, new byte[0]);
    }

}
