package io.gitcollector.unit;

import java.util.List;
import java.util.Map;

import io.gitcollector.config.CollectorProperties;
import io.gitcollector.identity.InvalidRepositoryUrlException;
import io.gitcollector.identity.PlatformRegistry;
import io.gitcollector.model.RepositoryIdentity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepositoryIdentityTest {

    private final PlatformRegistry registry = registry("https://api.github.com");

    @Test
    void spellingsOfOneRepositoryShareOneId() {
        RepositoryIdentity plain = registry.identify("https://github.com/Octocat/Hello-World");
        for (String spelling : List.of("https://github.com/octocat/hello-world", "https://GITHUB.com/Octocat/Hello-World.git",
                "https://github.com/Octocat/Hello-World/", "https://github.com:443/octocat/hello-world",
                "http://github.com/octocat/hello-world", "https://www.github.com/octocat/Hello-World")) {
            assertThat(registry.identify(spelling).id()).as(spelling).isEqualTo(plain.id());
        }
        assertThat(plain.url()).isEqualTo("https://github.com/octocat/hello-world");
        assertThat(plain.path()).as("the API wants the path as written").isEqualTo("Octocat/Hello-World");
        assertThat(plain.owner()).isEqualTo("Octocat");
        assertThat(plain.name()).isEqualTo("Hello-World");
        assertThat(plain.platform()).isEqualTo("github");
    }

    @Test
    void theApiHostOfAWebHostNamesNoRepository() {
        assertThatThrownBy(() -> registry.identify("https://api.github.com/octocat/hello-world"))
                .isInstanceOf(InvalidRepositoryUrlException.class).hasMessageContaining("not a configured platform");
    }

    @Test
    void dotSegmentsAreRefused() {
        assertThatThrownBy(() -> registry.identify("https://github.com/../user"))
                .isInstanceOf(InvalidRepositoryUrlException.class).hasMessageContaining("'..'");
    }

    @Test
    void idIsRepoAndTheFirst16HexDigitsOfTheNormalizedUrlsSha256() {
        // sha256("https://github.com/octocat/hello-world") = 6f26bb860d71d5b5…
        assertThat(RepositoryIdentity.idOf("https://github.com/octocat/hello-world")).isEqualTo("repo-6f26bb860d71d5b5");
    }

    @Test
    void gitHubEnterpriseHostIsAcceptedFromTheApiUrl() {
        PlatformRegistry enterprise = registry("https://git.example.com/api/v3");

        assertThat(enterprise.identify("https://git.example.com/team/service").platform()).isEqualTo("github");
        assertThatThrownBy(() -> enterprise.identify("https://other.example.com/team/service"))
                .isInstanceOf(InvalidRepositoryUrlException.class).hasMessageContaining("not a configured platform");
    }

    private static PlatformRegistry registry(String apiUrl) {
        CollectorProperties properties = new CollectorProperties();
        CollectorProperties.Platform github = new CollectorProperties.Platform();
        github.setApiUrl(apiUrl);
        github.setWebHosts(List.of("github.com", "www.github.com"));
        github.setRepositoryPathPattern("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
        properties.setPlatforms(Map.of("github", github));
        return new PlatformRegistry(properties);
    }

    @Test
    void theWebUrlKeepsThePathAsWrittenWhereTheNormalizedUrlLowerCasesIt() {
        RepositoryIdentity identity = RepositoryIdentity.of("gerrit", "https://review.example.com", "/Platform/Build.git/");

        assertThat(identity.url()).isEqualTo("https://review.example.com/platform/build");
        assertThat(identity.webUrl()).isEqualTo("https://review.example.com/Platform/Build");
    }
}
