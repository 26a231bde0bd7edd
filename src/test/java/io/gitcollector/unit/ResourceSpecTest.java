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
    void aSinceFormatWithoutThePlaceholderIsRefused() {
        assertThatThrownBy(() -> ResourceSpec.fromParameters("pulls", params(Map.of("watermark", "updated_at",
                "sinceParam", "q", "sinceFormat", "updated_on > 2024"))))
                .hasMessageContaining("sinceFormat must contain {since} or {since_offset}");
    }

    private static Map<String, Object> params(Map<String, Object> extra) {
        Map<String, Object> p = new LinkedHashMap<>(Map.of("path", "/repos/{owner}/{repo}/pulls", "mapper", "direct:m",
                "topic", "git.pull_requests", "entity", "pull_request", "identity", "id"));
        p.putAll(extra);
        return p;
    }
}
