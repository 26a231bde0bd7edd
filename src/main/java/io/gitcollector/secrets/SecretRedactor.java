package io.gitcollector.secrets;

import java.util.Collection;
import java.util.Comparator;

import io.gitcollector.config.CollectorProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Replaces every configured secret ({@link ConfiguredSecrets}) in a text with {@value #REDACTED}. Applied
 * where outside text (a platform's error body, an exception's message) enters our messages, and again where
 * errors are stored, published and logged: a proxy or platform may echo a request's credentials back.
 */
@Component
public class SecretRedactor {

    public static final String REDACTED = "[REDACTED]";

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
        if (text == null || secrets.length == 0) {
            return text;
        }
        String result = text;
        for (String secret : secrets) {
            if (result.contains(secret)) {
                result = result.replace(secret, REDACTED);
            }
        }
        return result;
    }
}
