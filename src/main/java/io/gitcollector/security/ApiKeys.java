package io.gitcollector.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.gitcollector.config.CollectorProperties;
import io.gitcollector.embedded.Infrastructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The configured API keys, and whether the API asks for them at all. Keys come as {@code name:role:key}
 * entries from {@code collector.security.keys} (API_KEYS, comma-separated) and from
 * {@code collector.security.keys-file} (API_KEYS_FILE, one a line). A bad entry stops the start-up with a
 * message that names the entry, never its key.
 */
@Component
public class ApiKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    /** Shorter keys can be guessed online; 16 characters of a random key is far beyond that. */
    static final int MIN_KEY_LENGTH = 16;

    private final List<ApiKey> keys;
    private final boolean enabled;

    @Autowired
    public ApiKeys(CollectorProperties properties) {
        this(properties.getSecurity(), Infrastructure.bothEmbedded(properties.getKafka().getBrokers(),
                properties.getRedis().getUrl()));
    }

    ApiKeys(CollectorProperties.Security security, boolean bothEmbedded) {
        this.keys = load(security);
        this.enabled = decide(security.getEnabled(), keys.isEmpty(), bothEmbedded);
        if (!enabled) {
            LOG.warn("Authentication is OFF: every endpoint answers anyone it can reach ({}); Hawtio and Jolokia are off, "
                    + "and only the Host names in collector.security.allowed-hosts are answered. Set API_KEYS before this "
                    + "service is reachable by others.", "false".equalsIgnoreCase(security.getEnabled().trim())
                    ? "AUTH_ENABLED=false" : "no API key is configured and Kafka and Redis are both embedded: a local run");
        } else {
            LOG.info("Authentication is on: {} API key(s): {}", keys.size(),
                    keys.stream().map(ApiKey::toString).toList());
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Compares the presented key with every configured one, in time that does not depend on which
     * (if any) matched: only digests of equal length are compared, and the loop never stops early.
     */
    Optional<ApiKey> match(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        ApiKey found = null;
        for (ApiKey key : keys) {
            if (MessageDigest.isEqual(digest, key.digest()) && found == null) {
                found = key;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Whether the API asks for keys. With {@code auto}, off only for a local run (no key, and both Kafka and Redis
     * embedded); an external Kafka or Redis without a key refuses the start.
     */
    public static boolean decide(String setting, boolean noKeys, boolean bothEmbedded) {
        String mode = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "false":
                return false;
            case "true":
                if (noKeys) {
                    throw new IllegalStateException("collector.security.enabled (AUTH_ENABLED) is true but no API key is "
                            + "configured: set API_KEYS or API_KEYS_FILE (name:role:key)");
                }
                return true;
            case "auto", "":
                if (!noKeys) {
                    return true;
                }
                if (bothEmbedded) {
                    return false;
                }
                throw new IllegalStateException("no API key is configured, and with an external Kafka or Redis this is not "
                        + "a local run: set API_KEYS or API_KEYS_FILE (name:role:key), or AUTH_ENABLED=false on a trusted network");
            default:
                throw new IllegalStateException("collector.security.enabled (AUTH_ENABLED) must be true, false or auto, not '"
                        + setting + "'");
        }
    }

    private static List<ApiKey> load(CollectorProperties.Security security) {
        List<String[]> entries = new ArrayList<>();
        String inline = security.getKeys() == null ? "" : security.getKeys();
        String[] parts = inline.split(",");
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].isBlank()) {
                entries.add(new String[] {"entry " + (i + 1) + " of collector.security.keys (API_KEYS)", parts[i].trim()});
            }
        }
        String file = security.getKeysFile() == null ? "" : security.getKeysFile().trim();
        if (!file.isEmpty()) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("collector.security.keys-file (API_KEYS_FILE): cannot read " + file
                        + ": " + e.getClass().getSimpleName());
            }
            int before = entries.size();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    entries.add(new String[] {"line " + (i + 1) + " of " + file, line});
                }
            }
            if (entries.size() == before) {
                // A named file that holds no key is a mistake, not a request to turn authentication off.
                throw new IllegalStateException("collector.security.keys-file (API_KEYS_FILE): " + file + " holds no key");
            }
        }
        List<ApiKey> keys = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> digests = new HashSet<>();
        for (String[] entry : entries) {
            ApiKey key = parse(entry[0], entry[1]);
            if (!names.add(key.name())) {
                throw new IllegalStateException(entry[0] + ": its name is used by another entry too");
            }
            if (!digests.add(java.util.HexFormat.of().formatHex(key.digest()))) {
                throw new IllegalStateException(entry[0] + ": its key is the same as another entry's");
            }
            keys.add(key);
        }
        return List.copyOf(keys);
    }

    private static ApiKey parse(String where, String entry) {
        String[] fields = entry.split(":", 3); // the key itself may hold ':'
        if (fields.length != 3) {
            throw new IllegalStateException(where + ": write it as name:role:key");
        }
        String name = fields[0].trim();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalStateException(where + ": a key name is 1 to 64 of A-Z a-z 0-9 _ . @ -");
        }
        // No message below repeats a field: with the fields in the wrong order, any of them may be the key.
        Role role;
        try {
            role = Role.parse(fields[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ": " + e.getMessage() + "; write it as name:role:key");
        }
        String secret = fields[2].trim();
        if (secret.length() < MIN_KEY_LENGTH || secret.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalStateException(where + ": a key is at least " + MIN_KEY_LENGTH
                    + " characters without spaces (e.g. openssl rand -hex 24)");
        }
        return new ApiKey(name, role, sha256(secret));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
