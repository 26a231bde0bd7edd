package io.gitcollector.webhook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import io.gitcollector.config.CollectorProperties;
import org.springframework.stereotype.Component;

/**
 * Each platform's webhook secret: from {@code webhook.secret-file} (a Docker or Kubernetes secret) when set, else
 * {@code webhook.secret}. A platform without one takes no webhooks. Read once, at start-up; never logged.
 */
@Component
public class WebhookSecrets {

    private final Map<String, String> byPlatform = new TreeMap<>();

    public WebhookSecrets(CollectorProperties properties) {
        properties.getPlatforms().forEach((name, platform) -> {
            var webhook = platform.getWebhook();
            String secret = webhook.getSecret();
            if (!webhook.getSecretFile().isBlank()) {
                try {
                    secret = Files.readString(Path.of(webhook.getSecretFile())).trim();
                } catch (IOException e) {
                    throw new IllegalStateException("collector.platforms." + name + ".webhook.secret-file: cannot read "
                            + webhook.getSecretFile() + " (" + e.getClass().getSimpleName() + ")");
                }
            }
            if (secret != null && !secret.isBlank()) {
                if (webhook.getSignatureHeader().isBlank() && webhook.getTokenHeader().isBlank()) {
                    throw new IllegalStateException("collector.platforms." + name + ".webhook: a secret is set but neither "
                            + "signature-header nor token-header says how deliveries carry it");
                }
                byPlatform.put(name, secret);
            }
        });
    }

    /** The platform's secret, or null when it takes no webhooks. */
    String secret(String platform) {
        return byPlatform.get(platform);
    }

    /** The platforms that take webhooks, for the start-up log. */
    public java.util.Set<String> platforms() {
        return byPlatform.keySet();
    }
}
