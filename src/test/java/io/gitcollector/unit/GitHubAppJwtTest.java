package io.gitcollector.unit;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.appauth.AppJwt;
import io.gitcollector.appauth.AppPrivateKey;
import io.gitcollector.appauth.InstallationTokens;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.secrets.SecretRedactor;
import io.gitcollector.support.TestAppKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A GitHub App's key read from PEM, the JWT it signs, and neither (nor an installation token) shown anywhere. */
class GitHubAppJwtTest {

    private static final TestAppKeys KEYS = TestAppKeys.generate();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void aPkcs1KeyAsGitHubHandsItOutSignsAJwtThatItsPublicKeyVerifies() throws Exception {
        String jwt = AppJwt.sign("123456", AppPrivateKey.parse(KEYS.pkcs1Pem()), NOW);

        assertThat(verifies(jwt)).isTrue();
    }

    @Test
    void aPkcs8KeyIsTheSameKey() {
        assertThat(AppPrivateKey.parse(KEYS.pkcs8Pem()).getEncoded())
                .isEqualTo(AppPrivateKey.parse(KEYS.pkcs1Pem()).getEncoded())
                .isEqualTo(KEYS.pair.getPrivate().getEncoded());
    }

    @Test
    void aKeyWhoseLineBreaksAnEnvironmentVariableWroteAsBackslashNIsRead() {
        String escaped = KEYS.pkcs1Pem().trim().replace("\n", "\\n");

        assertThat(AppPrivateKey.parse(escaped).getEncoded()).isEqualTo(KEYS.pair.getPrivate().getEncoded());
    }

    @Test
    void theJwtIsRs256IssuedByTheAppAMinuteAgoAndValidForAtMostTenMinutes() throws Exception {
        String jwt = AppJwt.sign(" 123456 ", AppPrivateKey.parse(KEYS.pkcs1Pem()), NOW);
        String[] parts = jwt.split("\\.");

        assertThat(parts).hasSize(3);
        assertThat(jwt).doesNotContain("=").doesNotContain("+").doesNotContain("/");
        assertThat(part(parts[0])).isEqualTo(JSON.readTree("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"));
        JsonNode claims = part(parts[1]);
        assertThat(claims.path("iss").isTextual()).isTrue();
        assertThat(claims.path("iss").asText()).isEqualTo("123456");
        assertThat(claims.path("iat").asLong()).isEqualTo(NOW.getEpochSecond() - 60);
        assertThat(claims.path("exp").asLong()).isGreaterThan(NOW.getEpochSecond())
                .isLessThanOrEqualTo(claims.path("iat").asLong() + 600);
    }

    @Test
    void aKeyThatIsNoPemRsaKeyIsRefusedWithoutQuotingIt() {
        String notAKey = "-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END RSA PRIVATE KEY-----";

        assertThatThrownBy(() -> AppPrivateKey.parse(notAKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid RSA key").hasMessageNotContaining("bm90IGEga2V5");
        assertThatThrownBy(() -> AppPrivateKey.parse("ghp_aTokenPastedWhereTheKeyGoes")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a PEM RSA key").hasMessageNotContaining("ghp_aTokenPastedWhereTheKeyGoes");
    }

    @Test
    void installationTokensJwtsAndPrivateKeysAreRedactedByShapeThoughNoneIsConfigured() {
        SecretRedactor redactor = new SecretRedactor(List.of());
        String jwt = AppJwt.sign("123456", AppPrivateKey.parse(KEYS.pkcs1Pem()), NOW);
        String token = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";

        String redacted = redactor.redact("Authorization: Bearer " + token + "; app: Bearer " + jwt + "; key: "
                + KEYS.pkcs1Pem() + " after the key");

        assertThat(redacted).isEqualTo("Authorization: Bearer [REDACTED]; app: Bearer [REDACTED]; key: [REDACTED]\n after the key");
    }

    @Test
    void theConfiguredPrivateKeyAndEachLineOfItAreRedacted() {
        CollectorProperties properties = new CollectorProperties();
        CollectorProperties.Platform github = new CollectorProperties.Platform();
        github.setApiUrl("https://api.github.com");
        github.getApp().setId("123456");
        github.getApp().setPrivateKey(KEYS.pkcs8Pem().replace("\n", "\\n"));
        properties.setPlatforms(new java.util.LinkedHashMap<>(Map.of("github", github)));
        SecretRedactor redactor = new SecretRedactor(properties);
        String line = KEYS.pkcs8Pem().lines().skip(3).findFirst().orElseThrow();

        assertThat(redactor.redact("part of a key: " + line)).isEqualTo("part of a key: [REDACTED]");
    }

    @Test
    void anAppWhoseKeyCannotBeReadStopsTheStartUpNamingTheSettingNotTheKey() {
        CollectorProperties.Platform github = new CollectorProperties.Platform();
        github.getApp().setId("123456");
        github.getApp().setPrivateKey("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END PRIVATE KEY-----");

        assertThatThrownBy(() -> InstallationTokens.checkKeys(Map.of("github", github)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("collector.platforms.github.app.private-key: ")
                .hasMessageNotContaining("bm90IGEga2V5");
    }

    @Test
    void anAppWithoutAKeyIsNoAppAndIsNotChecked() {
        CollectorProperties.Platform github = new CollectorProperties.Platform();
        github.getApp().setId("123456");

        InstallationTokens.checkKeys(Map.of("github", github));
        assertThat(InstallationTokens.configured(github)).isFalse();
    }

    @Test
    void theKeyFileGitHubGaveIsReadAtStartUpAndEachOfItsLinesIsRedacted() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("github-app", ".pem");
        try {
            java.nio.file.Files.writeString(file, KEYS.pkcs1Pem());
            CollectorProperties properties = new CollectorProperties();
            CollectorProperties.Platform github = new CollectorProperties.Platform();
            github.setApiUrl("https://api.github.com");
            github.getApp().setId("123456");
            github.getApp().setPrivateKeyFile(file.toString());
            properties.setPlatforms(new java.util.LinkedHashMap<>(Map.of("github", github)));
            SecretRedactor redactor = new SecretRedactor(properties); // built before the registry, as the log's is

            new io.gitcollector.identity.PlatformRegistry(properties);

            assertThat(InstallationTokens.configured(github)).isTrue();
            assertThat(AppPrivateKey.parse(github.getApp().getPrivateKey()).getEncoded()).isEqualTo(KEYS.pair.getPrivate().getEncoded());
            String line = KEYS.pkcs1Pem().lines().skip(2).findFirst().orElseThrow();
            assertThat(redactor.redact("part of a key: " + line)).isEqualTo("part of a key: [REDACTED]");
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    private static boolean verifies(String jwt) throws Exception {
        int lastDot = jwt.lastIndexOf('.');
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(KEYS.pair.getPublic());
        rs256.update(jwt.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        return rs256.verify(Base64.getUrlDecoder().decode(jwt.substring(lastDot + 1)));
    }

    private static JsonNode part(String encoded) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(encoded));
    }
}
