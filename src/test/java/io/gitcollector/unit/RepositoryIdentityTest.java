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

    /** Each platform's web URL as its pages show it, and the spellings a user may paste for it: one repository_id. */
    @Test
    void everySpellingEachPlatformAcceptsNamesOneRepository() {
        PlatformRegistry all = new PlatformRegistry(shippedPlatforms());
        Map<String, List<String>> spellings = Map.of(
                "https://github.com/Octocat/Hello-World", List.of("https://github.com/octocat/hello-world/",
                        "https://www.github.com/Octocat/Hello-World.git", "http://GitHub.com/Octocat/Hello-World",
                        "git@github.com:Octocat/Hello-World.git", "ssh://git@github.com/octocat/hello-world.git",
                        "https://github.com:443/Octocat/Hello-World", "  https://github.com/Octocat/Hello-World  "),
                "https://gitlab.com/Acme/Platform/Backend", List.of("https://gitlab.com/acme/platform/backend.git",
                        "https://GITLAB.COM/Acme/Platform/Backend/", "git@gitlab.com:acme/platform/backend.git",
                        "ssh://git@gitlab.com:22/Acme/Platform/Backend.git", "http://gitlab.com/acme/platform/backend"),
                "https://bitbucket.org/acme-ws/Service", List.of("https://bitbucket.org/ACME-WS/service.git",
                        "https://www.bitbucket.org/acme-ws/service/", "git@bitbucket.org:acme-ws/service.git",
                        "ssh://git@bitbucket.org/acme-ws/service.git"),
                "https://gitea.com/gitea/Tea", List.of("https://gitea.com/gitea/tea.git", "https://Gitea.com/Gitea/Tea/",
                        "git@gitea.com:gitea/tea.git", "ssh://git@gitea.com:2222/gitea/tea.git"));
        spellings.forEach((web, others) -> {
            RepositoryIdentity plain = all.identify(web);
            for (String spelling : others) {
                RepositoryIdentity same = all.identify(spelling);
                assertThat(same.id()).as(spelling + " vs " + web).isEqualTo(plain.id());
                assertThat(same.platform()).as(spelling).isEqualTo(plain.platform());
            }
        });
        assertThat(all.identify("https://gitlab.com/acme/platform/backend").id())
                .as("another project of the same group").isNotEqualTo(all.identify("https://gitlab.com/acme/platform/frontend").id());
        assertThatThrownBy(() -> all.identify("ssh://git:secret@github.com/octocat/hello-world.git"))
                .isInstanceOf(InvalidRepositoryUrlException.class).hasMessageNotContaining("secret");
    }

    /** The four shipped platforms with application.yaml's hosts and path patterns. */
    private static CollectorProperties shippedPlatforms() {
        CollectorProperties properties = new CollectorProperties();
        properties.setPlatforms(Map.of(
                "github", platform("https://api.github.com", List.of("github.com", "www.github.com"), "[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+"),
                "gitlab", platform("https://gitlab.com/api/v4", List.of("gitlab.com"), "[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+"),
                "bitbucket", platform("https://api.bitbucket.org/2.0", List.of("bitbucket.org", "www.bitbucket.org"),
                        "[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+"),
                "gitea", platform("https://gitea.com/api/v1", List.of("gitea.com"), "[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")));
        return properties;
    }

    private static CollectorProperties.Platform platform(String apiUrl, List<String> webHosts, String pathPattern) {
        CollectorProperties.Platform platform = new CollectorProperties.Platform();
        platform.setApiUrl(apiUrl);
        platform.setWebHosts(webHosts);
        platform.setRepositoryPathPattern(pathPattern);
        return platform;
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
