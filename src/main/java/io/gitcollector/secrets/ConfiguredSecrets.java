package io.gitcollector.secrets;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.gitcollector.config.CollectorProperties;
import io.gitcollector.config.CollectorProperties.Platform;

/**
 * Every secret the configuration holds, in each form it may travel in: each platform's tokens (from
 * {@code token} and {@code token-file}, several a platform), a {@code user:app_password} token also as the
 * HTTP Basic value sent for it and as the password alone, a GitHub App's private key (and each line of it), the
 * Redis URL's password, the e-mail hash salt and the API keys; each form also URL-encoded.
 */
final class ConfiguredSecrets {

    /** Shorter values are not secrets worth the name, and replacing them would garble ordinary words. */
    static final int MIN_LENGTH = 6;

    private ConfiguredSecrets() {
    }

    static Set<String> of(CollectorProperties properties) {
        List<String> secrets = new ArrayList<>();
        for (Platform platform : properties.getPlatforms().values()) {
            tokens(platform.getToken(), secrets);
            // Read here too: the log redaction is built before PlatformRegistry has put the file's token in place.
            fileContent(platform.getTokenFile()).ifPresent(content -> tokens(content, secrets));
            secrets.add(platform.getWebhook().getSecret());
            privateKey(platform.getApp().getPrivateKey(), secrets);
            fileContent(platform.getApp().getPrivateKeyFile()).ifPresent(content -> privateKey(content, secrets));
            fileContent(platform.getWebhook().getSecretFile()).ifPresent(content -> secrets.add(content.trim()));
        }
        redisPassword(properties.getRedis().getUrl(), secrets);
        secrets.add(properties.getPrivacy().getEmailHashSalt());
        apiKeys(properties.getSecurity(), secrets);

        Set<String> forms = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (secret == null) {
                continue;
            }
            for (String form : List.of(secret, secret.trim())) {
                forms.add(form);
                forms.add(URLEncoder.encode(form, StandardCharsets.UTF_8));
            }
        }
        forms.removeIf(form -> form.trim().length() < MIN_LENGTH);
        return forms;
    }

    /** A platform's {@code token} setting: {@code a,b,c}, each as sent (Bearer, or Basic for user:app_password). */
    private static void tokens(String configured, List<String> secrets) {
        if (configured == null || configured.isBlank()) {
            return;
        }
        secrets.add(configured);
        for (String token : configured.split(",")) {
            String trimmed = token.trim();
            secrets.add(trimmed);
            int colon = trimmed.indexOf(':');
            if (colon >= 0) {
                secrets.add(trimmed.substring(colon + 1));
                secrets.add(Base64.getEncoder().encodeToString(trimmed.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    /** A GitHub App's PEM key: whole, and each line of its body (a log line may carry part of a key). */
    private static void privateKey(String pem, List<String> secrets) {
        if (pem == null || pem.isBlank()) {
            return;
        }
        secrets.add(pem);
        pem.replace("\\n", "\n").lines().map(String::trim).filter(line -> !line.startsWith("-----")).forEach(secrets::add);
    }

    /** {@code redis://[user:]password@host}: the password as written in the URL and decoded. */
    private static void redisPassword(String url, List<String> secrets) {
        if (url == null || url.isBlank()) {
            return;
        }
        String userInfo;
        try {
            userInfo = URI.create(url.trim()).getRawUserInfo();
        } catch (IllegalArgumentException e) {
            return; // start-up refuses it anyway
        }
        if (userInfo == null) {
            return;
        }
        String password = userInfo.substring(userInfo.indexOf(':') + 1);
        secrets.add(password);
        secrets.add(URLDecoder.decode(password, StandardCharsets.UTF_8));
    }

    /** {@code name:role:key} entries, comma-separated and one a line in the keys file. */
    private static void apiKeys(CollectorProperties.Security security, List<String> secrets) {
        List<String> entries = new ArrayList<>(List.of(security.getKeys() == null ? new String[0] : security.getKeys().split(",")));
        fileContent(security.getKeysFile()).ifPresent(content -> entries.addAll(content.lines().toList()));
        for (String entry : entries) {
            String[] parts = entry.trim().split(":", 3);
            if (parts.length == 3 && !parts[0].startsWith("#")) {
                secrets.add(parts[2]);
            }
        }
    }

    /** A file that cannot be read holds nothing to redact here; the component that needs it stops the start-up. */
    private static java.util.Optional<String> fileContent(String file) {
        if (file == null || file.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Files.readString(Path.of(file.trim())));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
