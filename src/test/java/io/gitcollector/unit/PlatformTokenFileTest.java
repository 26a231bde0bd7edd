package io.gitcollector.unit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.gitcollector.config.CollectorProperties;
import io.gitcollector.identity.PlatformRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformTokenFileTest {

    @Test
    void tokenIsReadFromASecretFileWithoutItsNewline() throws Exception {
        Path file = Files.createTempFile("token", ".txt");
        Files.writeString(file, "ghp_fromASecretFile\n");

        assertThat(registryWithTokenFile(file.toString()).platform("github").getToken()).isEqualTo("ghp_fromASecretFile");
    }

    @Test
    void anUnreadableTokenFileStopsStartUpAndNamesTheSetting() {
        assertThatThrownBy(() -> registryWithTokenFile("/nonexistent/token"))
                .hasMessageContaining("collector.platforms.github.token-file").hasMessageContaining("/nonexistent/token");
    }

    private static PlatformRegistry registryWithTokenFile(String file) {
        CollectorProperties properties = new CollectorProperties();
        CollectorProperties.Platform github = new CollectorProperties.Platform();
        github.setApiUrl("https://api.github.com");
        github.setTokenFile(file);
        properties.setPlatforms(Map.of("github", github));
        return new PlatformRegistry(properties);
    }
}
