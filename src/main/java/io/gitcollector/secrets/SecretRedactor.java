package io.gitcollector.secrets;

import java.util.Collection;
import java.util.Comparator;

import io.gitcollector.config.CollectorProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Replaces every configured secret ({@link ConfiguredSecrets}) in a text with {@value #REDACTED}, and every
 * credential the collector is issued at run time, by its shape: GitHub App installation tokens ({@code ghs_…}),
 * JSON Web Tokens and PEM private keys (known to no configuration, and the log's redactor is made before any
 * of them exists). Applied
 * where outside text (a platform's error body, an exception's message) enters our messages, and again where
 * errors are stored, published and logged: a proxy or platform may echo a request's credentials back.
 */
@Component
public class SecretRedactor {

    public static final String REDACTED = "[REDACTED]";

    /** Installation tokens, JWTs ({@code header.claims.signature}, JSON parts start {@code eyJ}), PEM private keys. */
    private static final java.util.regex.Pattern ISSUED = java.util.regex.Pattern.compile(
            "ghs_[A-Za-z0-9_]{16,}"
            + "|eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"
            + "|-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|\\z)",
            java.util.regex.Pattern.DOTALL);

    /** Longest first, so a secret that contains another goes whole. */
    private final String[] secrets;

    @Autowired
    public SecretRedactor(CollectorProperties properties) {
        this(ConfiguredSecrets.of(properties));
    }

    public SecretRedactor(Collection<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toArray(String[]::new);
    }

    /**
     * The text with each secret replaced; the same instance when none occurs. A few {@code indexOf} scans
     * (a handful of secrets, vectorized by the JVM) cost little next to building the message at all.
     */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = redactIssued(text);
        if (secrets.length == 0) {
            return result;
        }
        for (String secret : secrets) {
            if (result.contains(secret)) {
                result = result.replace(secret, REDACTED);
            }
        }
        return result;
    }

    /** The cheap scans first: most texts hold none of the shapes' beginnings, and skip the expression. */
    private static String redactIssued(String text) {
        if (!text.contains("ghs_") && !text.contains("eyJ") && !text.contains("PRIVATE KEY-----")) {
            return text;
        }
        return ISSUED.matcher(text).replaceAll(REDACTED);
    }
}
