package io.gitcollector.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A webhook delivery as a platform sends it: the raw body and the headers, signed the platform's way. */
public record WebhookDelivery(String event, byte[] body, Map<String, String> headers) {

    /** A delivery with a fresh delivery id in {@code deliveryHeader}. */
    static WebhookDelivery of(String event, String body, String eventHeader, String deliveryHeader) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(eventHeader, event);
        headers.put(deliveryHeader, UUID.randomUUID().toString());
        return new WebhookDelivery(event, body.getBytes(StandardCharsets.UTF_8), Map.copyOf(headers));
    }

    /** The same delivery with {@code header: prefix + hex(HMAC-SHA256(secret, body))}, as GitHub and Bitbucket sign. */
    public WebhookDelivery signed(String header, String secret) {
        return with(header, "sha256=" + HexFormat.of().formatHex(hmacSha256(secret, body)));
    }

    /** The same delivery with one header set (or replaced). */
    public WebhookDelivery with(String header, String value) {
        Map<String, String> changed = new LinkedHashMap<>(headers);
        changed.put(header, value);
        return new WebhookDelivery(event, body, Map.copyOf(changed));
    }

    /** The same delivery without a header. */
    public WebhookDelivery without(String header) {
        Map<String, String> changed = new LinkedHashMap<>(headers);
        changed.remove(header);
        return new WebhookDelivery(event, body, Map.copyOf(changed));
    }

    public String header(String name) {
        return headers.get(name);
    }

    public static byte[] hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
