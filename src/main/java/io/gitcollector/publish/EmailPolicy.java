package io.gitcollector.publish;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gitcollector.config.CollectorProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The personal-data policy for e-mail addresses, applied to every event's {@code data} before it is
 * published (dead letters' payloads and {@code data.raw} included): {@code keep}, {@code hash} or
 * {@code drop}. It rewrites every field named {@code email} or {@code *_email} (drop: null), and every
 * address written inside any other text: Bitbucket's {@code Name <address>}, a commit message's
 * {@code Signed-off-by:} and {@code Co-authored-by:} trailers, a signature payload, a comment (drop: the
 * address is cut out). An SSH clone URL ({@code git@host:owner/repo.git}) names no one and stays.
 *
 * <p>A hash is {@code sha256:} and the hex SHA-256 of the salt and the lower-cased address, so one person
 * hashes alike on every platform and run. A value that is already such a hash is left alone, so a dead
 * letter whose payload was hashed maps to the same event when it is replayed.
 */
@Component
public class EmailPolicy {

    enum Mode { KEEP, HASH, DROP }

    private static final Pattern HASHED = Pattern.compile("sha256:[0-9a-f]{64}");
    /** An address in text: not followed by more of a domain, nor by {@code :path} (an SSH clone URL). */
    private static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}(?![A-Za-z0-9-])(?!\\.[A-Za-z0-9])(?!:\\S)");

    private final Mode mode;
    private final byte[] salt;

    @Autowired
    public EmailPolicy(CollectorProperties properties) {
        this(properties.getPrivacy().getEmailPolicy(), properties.getPrivacy().getEmailHashSalt());
    }

    EmailPolicy(String policy, String salt) {
        try {
            this.mode = Mode.valueOf(policy.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("collector.privacy.email-policy (EMAIL_POLICY) must be keep, hash or drop, not '"
                    + policy + "'");
        }
        if (mode == Mode.HASH && (salt == null || salt.isBlank())) {
            throw new IllegalStateException("collector.privacy.email-policy is hash but no salt is set: set EMAIL_HASH_SALT "
                    + "(without one, a hash is reversed by hashing a list of known addresses)");
        }
        this.salt = salt == null ? new byte[0] : salt.getBytes(StandardCharsets.UTF_8);
    }

    /** Rewrites the addresses in this event's data in place; returns the event. */
    public ObjectNode apply(ObjectNode envelope) {
        if (mode != Mode.KEEP && envelope.get("data") != null) {
            rewrite(envelope.get("data"));
        }
        return envelope;
    }

    private void rewrite(JsonNode node) {
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                if (element.isTextual() && element.asText().indexOf('@') >= 0) {
                    array.set(i, TextNode.valueOf(rewriteText(element.asText())));
                } else if (element.isContainerNode()) {
                    rewrite(element);
                }
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        ObjectNode object = (ObjectNode) node;
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode value = object.get(name);
            if (value.isTextual() && isEmailField(name)) {
                String address = value.asText();
                if (mode == Mode.DROP || address.isBlank()) {
                    object.putNull(name);
                } else {
                    object.put(name, hash(address));
                }
            } else if (value.isTextual() && value.asText().indexOf('@') >= 0) {
                object.put(name, rewriteText(value.asText()));
            } else if (value.isContainerNode()) {
                rewrite(value);
            }
        }
    }

    private String rewriteText(String text) {
        Matcher m = ADDRESS.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(mode == Mode.DROP ? "" : hash(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean isEmailField(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("email") || lower.endsWith("_email");
    }

    String hash(String address) {
        if (HASHED.matcher(address).matches()) {
            return address;
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            digest.update((byte) 0);
            digest.update(address.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
