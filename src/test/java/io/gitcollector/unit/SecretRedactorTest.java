package io.gitcollector.unit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.gitcollector.config.CollectorProperties;
import io.gitcollector.secrets.SecretRedactor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretRedactorTest {

    private static final String GITHUB = "ghp_aGitHubTokenForTheRedactor0001";
    private static final String APP_PASSWORD = "ATBBanAppPasswordForTheRedactor02";
    private static final String BITBUCKET = "collector-bot:" + APP_PASSWORD;

    @Test
    void aTokenIsRedactedAsConfiguredAndTrimmed() {
        SecretRedactor redactor = redactor(Map.of("github", platform("  " + GITHUB + "\n")));

        assertThat(redactor.redact("headers: Authorization: Bearer " + GITHUB + ", Accept: */*"))
                .isEqualTo("headers: Authorization: Bearer [REDACTED], Accept: */*");
    }

    @Test
    void everyTokenOfAPlatformWithSeveralIsRedacted() {
        SecretRedactor redactor = redactor(Map.of("github", platform(GITHUB + ", ghp_theSecondTokenOfThePool0002")));

        assertThat(redactor.redact("token ghp_theSecondTokenOfThePool0002 and " + GITHUB))
                .isEqualTo("token [REDACTED] and [REDACTED]");
    }

    @Test
    void aUserAppPasswordTokenIsRedactedWholeInItsBasicFormAndAsThePasswordAlone() {
        SecretRedactor redactor = redactor(Map.of("bitbucket", platform(BITBUCKET)));
        String basic = Base64.getEncoder().encodeToString(BITBUCKET.getBytes(StandardCharsets.UTF_8));

        assertThat(redactor.redact("Authorization: Basic " + basic)).isEqualTo("Authorization: Basic [REDACTED]");
        assertThat(redactor.redact("credentials " + BITBUCKET)).isEqualTo("credentials [REDACTED]");
        assertThat(redactor.redact("password=" + APP_PASSWORD)).isEqualTo("password=[REDACTED]");
    }

    @Test
    void aUrlEncodedTokenIsRedacted() {
        SecretRedactor redactor = redactor(Map.of("bitbucket", platform(BITBUCKET)));
        String encoded = URLEncoder.encode(BITBUCKET, StandardCharsets.UTF_8);

        assertThat(encoded).isNotEqualTo(BITBUCKET);
        assertThat(redactor.redact("GET /login?auth=" + encoded + "&x=1")).isEqualTo("GET /login?auth=[REDACTED]&x=1");
    }

    @Test
    void aTokenReadFromTheTokenFileIsRedacted() throws Exception {
        Path file = Files.createTempFile("token", ".txt");
        Files.writeString(file, "ghp_aTokenFromASecretFile00003\n");
        CollectorProperties.Platform github = platform("");
        github.setTokenFile(file.toString());

        assertThat(redactor(Map.of("github", github)).redact("echo: ghp_aTokenFromASecretFile00003"))
                .isEqualTo("echo: [REDACTED]");
    }

    @Test
    void theRedisPasswordTheSaltAndTheApiKeysAreRedacted() {
        CollectorProperties properties = new CollectorProperties();
        properties.getRedis().setUrl("redis://default:p%40ss-w0rd-of-redis@redis:6379/0");
        properties.getPrivacy().setEmailHashSalt("a-salt-for-the-redactor-0004");
        properties.getSecurity().setKeys("ops:admin:an-api-key-for-the-redactor-05");
        SecretRedactor redactor = new SecretRedactor(properties);

        assertThat(redactor.redact("redis://default:p%40ss-w0rd-of-redis@redis, p@ss-w0rd-of-redis"))
                .isEqualTo("redis://default:[REDACTED]@redis, [REDACTED]");
        assertThat(redactor.redact("salt a-salt-for-the-redactor-0004")).isEqualTo("salt [REDACTED]");
        assertThat(redactor.redact("X-API-Key: an-api-key-for-the-redactor-05")).isEqualTo("X-API-Key: [REDACTED]");
    }

    @Test
    void withNoTokenConfiguredATextIsReturnedAsItIs() {
        Map<String, CollectorProperties.Platform> platforms = new LinkedHashMap<>();
        platforms.put("github", platform(""));
        platforms.put("gitea", platform(null));
        String text = "GET /repos/acme/widgets answered HTTP 404: Not Found";

        assertThat(redactor(platforms).redact(text)).isSameAs(text);
        assertThat(redactor(platforms).redact(null)).isNull();
    }

    @Test
    void aValueTooShortToBeASecretIsLeftAlone() {
        CollectorProperties properties = new CollectorProperties();
        properties.getPrivacy().setEmailHashSalt("ab");

        assertThat(new SecretRedactor(properties).redact("about a tab")).isEqualTo("about a tab");
    }

    private static SecretRedactor redactor(Map<String, CollectorProperties.Platform> platforms) {
        CollectorProperties properties = new CollectorProperties();
        properties.setPlatforms(platforms);
        return new SecretRedactor(properties);
    }

    private static CollectorProperties.Platform platform(String token) {
        CollectorProperties.Platform platform = new CollectorProperties.Platform();
        platform.setApiUrl("https://api.example.com");
        platform.setToken(token);
        return platform;
    }
}
