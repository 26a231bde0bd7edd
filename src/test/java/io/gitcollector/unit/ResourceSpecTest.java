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
                .hasMessageContaining("[entity, identity, mapper, topic]");
    }

    private static Map<String, Object> params(Map<String, Object> extra) {
        Map<String, Object> p = new LinkedHashMap<>(Map.of("path", "/repos/{owner}/{repo}/pulls", "mapper", "direct:m",
                "topic", "git.pull_requests", "entity", "pull_request", "identity", "id"));
        p.putAll(extra);
        return p;
    }
}
