package io.gitcollector.appauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON Web Token a GitHub App authenticates as itself with: RS256, issued by the app's id, valid for a few
 * minutes. GitHub allows ten at most; the issue time is set a minute back for clocks that run a little apart.
 */
public final class AppJwt {

    static final Duration CLOCK_DRIFT = Duration.ofSeconds(60);
    /** iat (now - 60 s) to exp: 9 minutes, under GitHub's limit of 10 even with a second's rounding. */
    static final Duration LIFETIME = Duration.ofMinutes(9);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private AppJwt() {
    }

    /** {@code header.claims.signature}, each part Base64url without padding. */
    public static String sign(String appId, PrivateKey key, Instant now) {
        ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
        Instant issued = now.minus(CLOCK_DRIFT);
        ObjectNode claims = JSON.createObjectNode()
                .put("iat", issued.getEpochSecond())
                .put("exp", issued.plus(LIFETIME).getEpochSecond())
                .put("iss", appId.trim());
        String signed = encode(header.toString()) + "." + encode(claims.toString());
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + BASE64URL.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign the GitHub App JWT (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
