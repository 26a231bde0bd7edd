package io.gitcollector.unit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.publish.EmailPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The e-mail policy on the normalized events of every platform (the mapping tests' golden files) and on dead letters. */
class EmailPolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SALT = "unit-test-salt";

    @Test
    void keepLeavesEveryEventAsItWas() throws Exception {
        EmailPolicy keep = policy("keep", "");
        for (ObjectNode event : goldenEvents()) {
            ObjectNode copy = event.deepCopy();
            keep.apply(copy);
            assertThat(copy).isEqualTo(event);
        }
    }

    @Test
    void hashTurnsEveryAddressOfEveryPlatformIntoTheSaltedSha256OfItsLowerCase() throws Exception {
        EmailPolicy hash = policy("hash", SALT);
        int addresses = 0;
        for (ObjectNode event : goldenEvents()) {
            List<String> before = emails(event);
            ObjectNode copy = event.deepCopy();
            hash.apply(copy);
            List<String> after = emails(copy);
            for (int i = 0; i < before.size(); i++) {
                if (before.get(i) == null || before.get(i).isBlank()) {
                    assertThat(after.get(i)).isNull();
                } else {
                    assertThat(after.get(i)).isEqualTo(expectedHash(before.get(i)));
                    addresses++;
                }
            }
            // Nothing but the addresses changed (where the text holds none but in address fields).
            if (!withoutEmails(event).contains("@")) {
                assertThat(withoutEmails(copy)).isEqualTo(withoutEmails(event));
            }
            assertNoAddress(copy);
        }
        assertThat(addresses).as("addresses in the golden events of the four platforms").isGreaterThanOrEqualTo(12);
        assertThat(hash.apply(mixedCase()).path("data").path("author").path("email").asText())
                .isEqualTo(expectedHash("jane.doe@example.com"));
    }

    @Test
    void dropNullsEveryAddress() throws Exception {
        EmailPolicy drop = policy("drop", "");
        assertThat(goldenEvents().stream().mapToLong(e -> emails(e).stream().filter(v -> v != null).count()).sum())
                .isGreaterThanOrEqualTo(12);
        for (ObjectNode event : goldenEvents()) {
            ObjectNode copy = event.deepCopy();
            drop.apply(copy);
            assertThat(emails(copy)).allMatch(java.util.Objects::isNull);
            if (!withoutEmails(event).contains("@")) {
                assertThat(withoutEmails(copy)).isEqualTo(withoutEmails(event));
            }
            assertNoAddress(copy);
        }
    }

    @Test
    void aDeadLettersPayloadIsRewrittenAndReplayingItGivesTheSameHash() {
        ObjectNode letter = JSON.createObjectNode();
        ObjectNode payload = letter.putObject("data").putObject("payload");
        payload.putObject("author").put("raw", "Jane Doe <Jane@Example.com>");
        payload.put("author_email", "jane@example.com");
        policy("hash", SALT).apply(letter);
        String raw = letter.at("/data/payload/author/raw").asText();
        assertThat(raw).isEqualTo("Jane Doe <" + expectedHash("jane@example.com") + ">");
        assertThat(letter.at("/data/payload/author_email").asText()).isEqualTo(expectedHash("jane@example.com"));

        // A replay maps the hashed payload: the hash it meets is kept, not hashed again.
        ObjectNode replayed = JSON.createObjectNode();
        replayed.putObject("data").putObject("author").put("email", raw.substring(raw.indexOf('<') + 1, raw.length() - 1));
        policy("hash", SALT).apply(replayed);
        assertThat(replayed.at("/data/author/email").asText()).isEqualTo(expectedHash("jane@example.com"));

        ObjectNode dropped = JSON.createObjectNode();
        dropped.putObject("data").putObject("payload").putObject("author").put("raw", "Jane Doe <jane@example.com>");
        policy("drop", "").apply(dropped);
        assertThat(dropped.at("/data/payload/author/raw").asText()).isEqualTo("Jane Doe <>");
    }

    @Test
    void addressesInsideTextAreRewrittenAndSshCloneUrlsAreLeftAlone() throws Exception {
        ObjectNode commit = (ObjectNode) JSON.readTree("""
                {"data": {"message": "Fix the cache\\n\\nSigned-off-by: Jane Doe <jane@example.com>\\nCo-authored-by: Bob <bob.smith+ci@mail.example.org>",
                          "extra": {"ssh_url": "git@github.com:acme/api.git", "note": "mail jane@example.com: or bob@example.org."},
                          "raw": {"commit": {"verification": {"payload": "tree 1a\\nauthor Jane Doe <jane@example.com> 1700000000 +0000\\n"}},
                                  "co_authors": ["ann@example.com", "not an address @ all"]}}}
                """);
        ObjectNode hashed = policy("hash", SALT).apply(commit.deepCopy());
        assertThat(hashed.at("/data/message").asText()).isEqualTo("Fix the cache\n\nSigned-off-by: Jane Doe <"
                + expectedHash("jane@example.com") + ">\nCo-authored-by: Bob <" + expectedHash("bob.smith+ci@mail.example.org") + ">");
        assertThat(hashed.at("/data/extra/ssh_url").asText()).isEqualTo("git@github.com:acme/api.git");
        assertThat(hashed.at("/data/extra/note").asText())
                .isEqualTo("mail " + expectedHash("jane@example.com") + ": or " + expectedHash("bob@example.org") + ".");
        assertThat(hashed.at("/data/raw/commit/verification/payload").asText())
                .isEqualTo("tree 1a\nauthor Jane Doe <" + expectedHash("jane@example.com") + "> 1700000000 +0000\n");
        assertThat(hashed.at("/data/raw/co_authors/0").asText()).isEqualTo(expectedHash("ann@example.com"));
        assertThat(hashed.at("/data/raw/co_authors/1").asText()).isEqualTo("not an address @ all");
        assertThat(policy("hash", SALT).apply(hashed.deepCopy())).as("hashing twice changes nothing").isEqualTo(hashed);

        ObjectNode dropped = policy("drop", "").apply(commit.deepCopy());
        assertThat(dropped.at("/data/message").asText()).isEqualTo("Fix the cache\n\nSigned-off-by: Jane Doe <>\nCo-authored-by: Bob <>");
        assertThat(dropped.at("/data/extra/ssh_url").asText()).isEqualTo("git@github.com:acme/api.git");
        assertNoAddress(dropped);
    }

    @Test
    void aHashWithoutASaltOrAnUnknownPolicyStopsTheStart() {
        assertThatThrownBy(() -> policy("hash", " ")).hasMessageContaining("EMAIL_HASH_SALT");
        assertThatThrownBy(() -> policy("scramble", "")).hasMessage(
                "collector.privacy.email-policy (EMAIL_POLICY) must be keep, hash or drop, not 'scramble'");
    }

    private static ObjectNode mixedCase() {
        ObjectNode event = JSON.createObjectNode();
        event.putObject("data").putObject("author").put("email", " Jane.Doe@Example.COM ");
        return event;
    }

    private static EmailPolicy policy(String mode, String salt) {
        CollectorProperties properties = new CollectorProperties();
        properties.getPrivacy().setEmailPolicy(mode);
        properties.getPrivacy().setEmailHashSalt(salt);
        return new EmailPolicy(properties);
    }

    private static List<ObjectNode> goldenEvents() throws IOException {
        List<ObjectNode> events = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/mappings"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode golden = JSON.readTree(file.toFile());
                for (JsonNode one : golden.isArray() ? golden : List.of(golden)) {
                    if (one.isObject() && one.has("data")) {
                        events.add((ObjectNode) one);
                    }
                }
            }
        }
        assertThat(events).hasSizeGreaterThan(40);
        return events;
    }

    private static List<String> emails(JsonNode node) {
        List<String> values = new ArrayList<>();
        walk(node, values);
        return values;
    }

    private static void walk(JsonNode node, List<String> values) {
        if (node.isArray()) {
            node.forEach(n -> walk(n, values));
        }
        node.fields().forEachRemaining(field -> {
            String name = field.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("email") || name.endsWith("_email")) {
                values.add(field.getValue().isNull() ? null : field.getValue().asText());
            } else {
                walk(field.getValue(), values);
            }
        });
    }

    /** An independent look for addresses anywhere in the serialized event (SSH clone URLs aside). */
    private static void assertNoAddress(JsonNode event) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}")
                .matcher(event.toString());
        while (m.find()) {
            assertThat(event.toString().substring(m.end())).as("an address in " + event).startsWith(":");
        }
    }

    private static String withoutEmails(JsonNode event) {
        return event.toString().replaceAll("\"([a-z_]*email)\":(null|\"[^\"]*\")", "\"$1\":_");
    }

    private static String expectedHash(String address) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(SALT.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(address.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
