package io.gitcollector.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.gitcollector.config.CollectorProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How keys are read, checked and matched, and when authentication is on; no error ever repeats a key. */
class ApiKeysTest {

    private static final String KEY = "0123456789abcdef-viewer";

    @Test
    void keysFromTheSettingAndTheFileAreMatchedToTheirNameAndRole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "# operators\nci-bot:operator:ci-key-0123456789abcdef\n\nhawtio:admin:admin:key:with:colons\n");
        ApiKeys keys = keys("grafana:viewer:" + KEY, file.toString(), "auto");
        assertThat(keys.enabled()).isTrue();
        assertThat(keys.match(KEY)).hasValueSatisfying(k -> assertThat(k.toString()).isEqualTo("ApiKey[grafana, viewer]"));
        assertThat(keys.match("ci-key-0123456789abcdef")).hasValueSatisfying(k -> assertThat(k.role()).isEqualTo(Role.OPERATOR));
        assertThat(keys.match("admin:key:with:colons")).hasValueSatisfying(k -> assertThat(k.name()).isEqualTo("hawtio"));
        assertThat(keys.match(KEY + "x")).isEmpty();
        assertThat(keys.match("")).isEmpty();
        assertThat(keys.match(null)).isEmpty();
    }

    @Test
    void aBadEntryStopsTheStartNamingTheEntryButNotItsKey() {
        List<String[]> cases = List.of(
                new String[] {"lonely", "entry 1 of collector.security.keys (API_KEYS): write it as name:role:key"},
                new String[] {"a:root:" + KEY, "entry 1 of collector.security.keys (API_KEYS): the role must be one of viewer, operator, admin; write it as name:role:key"},
                new String[] {"a:viewer:short-secret", "entry 1 of collector.security.keys (API_KEYS): a key is at least 16 characters"},
                new String[] {"a b:viewer:" + KEY, "entry 1 of collector.security.keys (API_KEYS): a key name is 1 to 64 of"},
                new String[] {"a:viewer:" + KEY + ",a:admin:" + KEY + "2", "entry 2 of collector.security.keys (API_KEYS): its name is used by another entry too"},
                new String[] {"a:viewer:" + KEY + ",b:admin:" + KEY, "entry 2 of collector.security.keys (API_KEYS): its key is the same as another entry's"},
                // Fields in the wrong order: the key stands where the role or the name should.
                new String[] {"ci:" + KEY + ":operator", "entry 1 of collector.security.keys (API_KEYS): the role must be one of"},
                new String[] {KEY + ":admin:ops", "entry 1 of collector.security.keys (API_KEYS): a key is at least 16 characters"});
        for (String[] c : cases) {
            assertThatThrownBy(() -> keys(c[0], "", "true")).as(c[0]).hasMessageStartingWith(c[1])
                    .message().doesNotContain(KEY).doesNotContain("short-secret");
        }
        assertThatThrownBy(() -> keys("", "/no/such/file", "true")).hasMessage(
                "collector.security.keys-file (API_KEYS_FILE): cannot read /no/such/file: NoSuchFileException");
    }

    @Test
    void autoIsOffOnlyForALocalRunWithoutKeys() {
        assertThat(ApiKeys.decide("auto", true, true)).isFalse();
        assertThat(ApiKeys.decide("auto", false, true)).isTrue();
        assertThat(ApiKeys.decide("auto", false, false)).isTrue();
        assertThat(ApiKeys.decide("false", false, false)).isFalse();
        assertThat(ApiKeys.decide("TRUE", false, true)).isTrue();
        assertThatThrownBy(() -> ApiKeys.decide("auto", true, false)).hasMessageContaining("AUTH_ENABLED=false on a trusted network");
        assertThatThrownBy(() -> ApiKeys.decide("true", true, true)).hasMessageContaining("set API_KEYS or API_KEYS_FILE");
        assertThatThrownBy(() -> ApiKeys.decide("maybe", false, true)).hasMessageContaining("must be true, false or auto");
    }

    @Test
    void eachRoleIncludesTheOnesBelowIt() {
        assertThat(Role.ADMIN.includes(Role.OPERATOR)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.VIEWER)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.ADMIN)).isFalse();
        assertThat(Role.VIEWER.includes(Role.OPERATOR)).isFalse();
    }

    private static ApiKeys keys(String inline, String file, String enabled) {
        CollectorProperties properties = new CollectorProperties();
        properties.getSecurity().setKeys(inline);
        properties.getSecurity().setKeysFile(file);
        properties.getSecurity().setEnabled(enabled);
        return new ApiKeys(properties.getSecurity(), false);
    }
}
