package io.gitcollector.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.UnaryOperator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.gitcollector.config.CollectorProperties.Webhook;

/**
 * Checks a delivery the way its platform signs it: an HMAC-SHA256 of the raw body, hex after a prefix, in a
 * header (GitHub {@code X-Hub-Signature-256}, Bitbucket {@code X-Hub-Signature}); or the secret itself in a
 * header (GitLab {@code X-Gitlab-Token}). Compared in constant time.
 */
final class WebhookSignature {

    private WebhookSignature() {
    }

    /** @return null when the delivery is signed with {@code secret}; else why not (no secret in the reason) */
    static String problem(Webhook protocol, String secret, UnaryOperator<String> header, byte[] body) {
        if (!protocol.getSignatureHeader().isBlank()) {
            String sent = header.apply(protocol.getSignatureHeader());
            if (sent == null || sent.isBlank()) {
                return "no " + protocol.getSignatureHeader() + " header";
            }
            String expected = protocol.getSignaturePrefix() + HexFormat.of().formatHex(hmacSha256(secret, body));
            return equal(expected, sent.trim()) ? null : protocol.getSignatureHeader() + " does not match the body";
        }
        String sent = header.apply(protocol.getTokenHeader());
        if (sent == null || sent.isBlank()) {
            return "no " + protocol.getTokenHeader() + " header";
        }
        return equal(secret, sent) ? null : protocol.getTokenHeader() + " is not the configured secret";
    }

    static byte[] hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static boolean equal(String expected, String sent) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }
}
