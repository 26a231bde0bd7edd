package io.gitcollector.unit;

import java.util.LinkedHashMap;
import java.util.Map;

import io.gitcollector.collect.ResourceSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceSpecTest {

    @Test
    void queryParametersAreNamedWithTheQueryPrefix() {
        ResourceSpec spec = ResourceSpec.fromParameters("pulls", params(Map.of("query.state", "all", "query.sort", "updated")));

        assertThat(spec.query()).containsExactlyInAnyOrderEntriesOf(Map.of("state", "all", "sort", "updated"));
        assertThat(spec.pagination()).isEqualTo("link-header");
        assertThat(spec.pageSizeParam()).isEqualTo("per_page");
    }

    @Test
    void aQueryResourceIsDeclaredByItsDocumentVariablesAndPageInfo() {
        ResourceSpec spec = ResourceSpec.fromParameters("pull_requests", params(Map.of("path", "/graphql",
                "query", "query($owner:String!,$first:Int!,$after:String){x}", "variables.owner", "{owner}",
                "pageInfo", "/data/repository/pullRequests/pageInfo", "items", "/data/repository/pullRequests/nodes",
                "rateLimitedErrors", "RATE_LIMITED, RATE_LIMIT", "shrinkOnStatus", "502,504", "shrinkOnError", "timeout",
                "cost", "/data/rateLimit/cost", "quota", "graphql")));

        assertThat(spec.pagination()).isEqualTo("cursor");
        assertThat(spec.conditional()).isFalse();
        var query = spec.queryRequest();
        assertThat(query.variables()).containsExactlyEntriesOf(Map.of("owner", "{owner}"));
        assertThat(query.cursorVariable()).isEqualTo("after");
        assertThat(query.pageSizeVariable()).isEqualTo("first");
        assertThat(query.errors()).isEqualTo("/errors");
        assertThat(query.rateLimitedErrors()).containsExactlyInAnyOrder("RATE_LIMITED", "RATE_LIMIT");
        assertThat(query.shrinkOnStatus()).containsExactlyInAnyOrder(502, 504);
        assertThat(query.shrinkOnError()).containsExactly("timeout");
        assertThat(query.quota()).isEqualTo("graphql");
    }

    @Test
    void aQueryWithoutPageInfoOrQueryPartsWithoutAQueryAreRefusedWhenTheRouteIsCreated() {
        assertThatThrownBy(() -> ResourceSpec.fromParameters("pulls", params(Map.of("query", "query{x}"))))
                .hasMessageContaining("a query needs pageInfo");
        assertThatThrownBy(() -> ResourceSpec.fromParameters("pulls", params(Map.of("variables.owner", "{owner}", "cursorVariable", "c"))))
                .hasMessageContaining("[cursorVariable, variables.owner] need a query");
        assertThatThrownBy(() -> ResourceSpec.fromParameters("pulls", params(Map.of("query", "query{x}", "pageInfo", "/p",
                "pagination", "link-header")))).hasMessageContaining("paged by its cursor");
        assertThatThrownBy(() -> ResourceSpec.fromParameters("pulls", params(Map.of("pagination", "link-headers"))))
                .hasMessageContaining("collect:pulls: unknown pagination 'link-headers'");
    }

    @Test
    void aTypoInASourceFailsWithTheParametersItKnows() {
        assertThatThrownBy(() -> ResourceSpec.fromParameters("pulls", params(Map.of("watermak", "updated_at"))))
                .hasMessageContaining("unknown parameters [watermak]").hasMessageContaining("watermark");
    }

    @Test
    void incrementalParametersNeedAWatermarkField() {
        assertThatThrownBy(() -> ResourceSpec.fromParameters("commits", params(Map.of("sinceParam", "since"))))
                .hasMessageContaining("need a watermark field");
    }

    @Test
    void requiredParametersAreNamedWhenMissing() {
        assertThatThrownBy(() -> ResourceSpec.fromParameters("commits", new LinkedHashMap<>(Map.of("path", "/x"))))
                .hasMessageContaining("[entity, identity, mapper]");
    }

    @Test
    void repeatedQueryValuesEmbedsAndPendingItemsAreDeclaredByParameter() {
        ResourceSpec spec = ResourceSpec.fromParameters("pulls", params(Map.of(
                "queryList.state", "OPEN, MERGED,DECLINED", "embed.members", "/teams/{item.slug}/members",
                "embedItems.members", "/values", "watermark", "updated_at", "pendingWhen", "status=queued,running",
                "sinceParam", "q", "sinceFormat", "updated_on > {since}", "skipOnStatus", "403, 404", "pageSize", "50")));

        assertThat(spec.queryList()).containsEntry("state", java.util.List.of("OPEN", "MERGED", "DECLINED"));
        assertThat(spec.embeds()).containsEntry("members", new ResourceSpec.Embed("members", "/teams/{item.slug}/members", "/values"));
        assertThat(spec.pending()).isEqualTo(new ResourceSpec.Pending("status", java.util.Set.of("queued", "running")));
        assertThat(spec.sinceFormat()).isEqualTo("updated_on > {since}");
        assertThat(spec.skipOnStatus()).containsExactlyInAnyOrder(403, 404);
        assertThat(spec.pageSize()).isEqualTo(50);
    }

    @Test
    void conditionalIsFirstPageByDefaultEachPageOrOffAndAnythingElseIsRefused() {
        assertThat(ResourceSpec.fromParameters("pulls", params(Map.of())).conditional()).isTrue();
        ResourceSpec eachPage = ResourceSpec.fromParameters("contributors", params(Map.of("conditional", "each-page")));
        assertThat(eachPage.eachPageConditional()).isTrue();
        assertThat(eachPage.conditional()).as("not also on the first page alone").isFalse();
        ResourceSpec off = ResourceSpec.fromParameters("contributors", params(Map.of("conditional", "false")));
        assertThat(off.conditional()).isFalse();
        assertThat(off.eachPageConditional()).isFalse();
        assertThatThrownBy(() -> ResourceSpec.fromParameters("contributors", params(Map.of("conditional", "every-page"))))
                .hasMessageContaining("collect:contributors: conditional takes first-page (or true), each-page or false; got 'every-page'");
        assertThatThrownBy(() -> ResourceSpec.fromParameters("pulls", params(Map.of("query", "query{x}", "pageInfo", "/p",
                "conditional", "each-page")))).hasMessageContaining("each-page needs GET pages with ETags");
    }

    @Test
    void aListingHasNoMapperButAnEachAndNoWatermark() {
        Map<String, Object> listing = new LinkedHashMap<>(Map.of("path", "/repos/{owner}/{repo}/branches", "each", "direct:protection"));
        ResourceSpec spec = ResourceSpec.fromParameters("protected_branches", listing);
        assertThat(spec.mapper()).isNull();
        assertThat(spec.each()).isEqualTo("direct:protection");

        listing.put("watermark", "updated_at");
        assertThatThrownBy(() -> ResourceSpec.fromParameters("protected_branches", listing))
                .hasMessageContaining("a listing without a mapper has no watermark");
        assertThatThrownBy(() -> ResourceSpec.fromParameters("branches", new LinkedHashMap<>(Map.of("path", "/b"))))
                .hasMessageContaining("[entity, identity, mapper]");
    }

    @Test
    void aSinceFormatWithoutThePlaceholderIsRefused() {
        assertThatThrownBy(() -> ResourceSpec.fromParameters("pulls", params(Map.of("watermark", "updated_at",
                "sinceParam", "q", "sinceFormat", "updated_on > 2024"))))
                .hasMessageContaining("sinceFormat must contain {since}, {since_offset} or {since:<date pattern>}");
    }

    private static Map<String, Object> params(Map<String, Object> extra) {
        Map<String, Object> p = new LinkedHashMap<>(Map.of("path", "/repos/{owner}/{repo}/pulls", "mapper", "direct:m",
                "topic", "git.pull_requests", "entity", "pull_request", "identity", "id"));
        p.putAll(extra);
        return p;
    }
}
