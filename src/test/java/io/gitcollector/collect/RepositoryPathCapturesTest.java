package io.gitcollector.collect;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RepositoryPathCapturesTest {

    @Test
    void namedGroupsOfThePathPatternBecomeVariables() {
        assertThat(RepositoryPathCaptures.of("projects/(?<owner>[^/]+)/repos/(?<repo>[^/]+)", "projects/PRJ/repos/my-repo"))
                .isEqualTo(Map.of("owner", "PRJ", "repo", "my-repo"));
    }

    @Test
    void aGroupThatTookNoPartIsLeftOutAndAPathThatDoesNotMatchGivesNone() {
        String pattern = "(?:a/(?<first>[^/]+)|b/(?<second>[^/]+))";
        assertThat(RepositoryPathCaptures.of(pattern, "b/x")).isEqualTo(Map.of("second", "x"));
        assertThat(RepositoryPathCaptures.of(pattern, "c/x")).isEmpty();
    }

    @Test
    void aPatternWithoutNamedGroupsGivesNone() {
        assertThat(RepositoryPathCaptures.of("[^/]+/[^/]+", "owner/repo")).isEmpty();
        assertThat(RepositoryPathCaptures.of("([^/]+)/([^/]+)", "owner/repo")).isEmpty();
    }
}
