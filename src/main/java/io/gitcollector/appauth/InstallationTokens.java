package io.gitcollector.appauth;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.config.CollectorProperties.App;
import io.gitcollector.config.CollectorProperties.Platform;
import io.gitcollector.http.ApiResponse;
import io.gitcollector.identity.PlatformRegistry;
import io.gitcollector.http.PlatformApiException;
import io.gitcollector.http.PlatformHttpClient;
import io.gitcollector.metrics.CollectorMetrics;
import io.gitcollector.model.RepositoryIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A GitHub App's installation tokens, one per installation, kept in memory and replaced {@code refresh-before}
 * they expire: a run never sends one GitHub has stopped accepting. The installation is the configured one, else
 * the one on the repository's owner ({@code GET /repos/{owner}/{repo}/installation}, or
 * {@code /orgs/{org}/installation} for an organization), looked up once per owner. Tokens, JWTs and the key
 * are never logged nor put in a message: an installation is named by its id.
 */
@Component
public class InstallationTokens {

    private static final Logger LOG = LoggerFactory.getLogger(InstallationTokens.class);
    private static final byte[] NO_RESTRICTIONS = "{}".getBytes(StandardCharsets.UTF_8);

    private record Issued(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[expiresAt=" + expiresAt + "]"; // never the token
        }
    }

    /** The key as last parsed, so that a key set at run time is read again (and only then). */
    private record ParsedKey(String pem, RSAPrivateKey key) {
        @Override
        public String toString() {
            return "ParsedKey"; // never the key
        }
    }

    private final PlatformHttpClient http;
    private final CollectorMetrics metrics;
    private final Clock clock;
    /** An owner the app is not installed on is asked about again after this long, not at every call. */
    static final java.time.Duration NOT_INSTALLED_MEMORY = java.time.Duration.ofMinutes(10);

    private final Map<String, String> installationByOwner = new ConcurrentHashMap<>();
    private final Map<String, Instant> notInstalledUntil = new ConcurrentHashMap<>();
    private final Map<String, Issued> tokenByInstallation = new ConcurrentHashMap<>();
    private final Map<String, Object> issuing = new ConcurrentHashMap<>();
    private volatile ParsedKey parsed;

    @org.springframework.beans.factory.annotation.Autowired
    public InstallationTokens(PlatformHttpClient http, CollectorMetrics metrics, PlatformRegistry platforms) {
        this(http, metrics, Clock.systemUTC());
        checkKeys(platforms.platforms()); // after PlatformRegistry has read each private-key-file
    }

    InstallationTokens(PlatformHttpClient http, CollectorMetrics metrics, Clock clock) {
        this.http = http;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Stops the start-up on an app whose key cannot be read, naming the setting, not the key: better than every run
     * failing later for it.
     */
    public static void checkKeys(Map<String, Platform> platforms) {
        platforms.forEach((name, platform) -> {
            if (configured(platform)) {
                try {
                    AppPrivateKey.parse(platform.getApp().getPrivateKey());
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("collector.platforms." + name + ".app.private-key: " + e.getMessage());
                }
            }
        });
    }

    /** Whether the platform authenticates with a GitHub App (its calls are then never anonymous). */
    public static boolean configured(Platform platform) {
        return platform.getApp() != null && platform.getApp().isConfigured();
    }

    /**
     * The installation token for calls about {@code repository} (a repository or an organization): the one held,
     * or a new one when it is within {@code refresh-before} of its expiry. Empty when no app is configured.
     *
     * @throws PlatformApiException when GitHub refuses the app (401), or it is not installed on the owner (404)
     */
    public Optional<String> token(String platformName, Platform platform, RepositoryIdentity repository) {
        if (!configured(platform)) {
            return Optional.empty();
        }
        App app = platform.getApp();
        String installation = installation(platformName, platform, repository);
        String key = platformName + "|" + app.getId().trim() + "|" + installation;
        Issued held = tokenByInstallation.get(key);
        if (fresh(held, app)) {
            return Optional.of(held.token());
        }
        synchronized (issuing.computeIfAbsent(key, k -> new Object())) {
            held = tokenByInstallation.get(key);
            if (!fresh(held, app)) {
                held = issue(platformName, platform, installation);
                tokenByInstallation.put(key, held);
            }
            return Optional.of(held.token());
        }
    }

    /** A token GitHub refused (401): dropped, so that the next call asks for a new one. */
    public boolean refused(String token) {
        return tokenByInstallation.values().removeIf(issued -> issued.token().equals(token));
    }

    /** Whether {@code token} is an installation token this instance holds. */
    public boolean holds(String token) {
        return token != null && tokenByInstallation.values().stream().anyMatch(issued -> issued.token().equals(token));
    }

    private boolean fresh(Issued issued, App app) {
        return issued != null && clock.instant().isBefore(issued.expiresAt().minus(app.getRefreshBefore()));
    }

    private String installation(String platformName, Platform platform, RepositoryIdentity repository) {
        App app = platform.getApp();
        if (app.getInstallationId() != null && !app.getInstallationId().isBlank()) {
            return app.getInstallationId().trim();
        }
        String path = repository.path();
        boolean organization = !path.contains("/");
        String owner = organization ? path : repository.owner();
        String cacheKey = platformName + "|" + app.getId().trim() + "|" + owner.toLowerCase(Locale.ROOT);
        String known = installationByOwner.get(cacheKey);
        if (known != null) {
            return known;
        }
        Instant askAgain = notInstalledUntil.get(cacheKey);
        if (askAgain != null && clock.instant().isBefore(askAgain)) {
            throw notInstalled(app, owner, "until " + askAgain);
        }
        String lookup = organization ? "/orgs/" + encode(owner) + "/installation"
                : "/repos/" + encode(owner) + "/" + encode(repository.name()) + "/installation";
        JsonNode answer;
        try {
            answer = http.get(platform, jwt(platform), uri(platform, lookup), null,
                    outcome -> metrics.request(platformName, outcome)).json();
        } catch (PlatformApiException e) {
            if (e.status() == 404) {
                notInstalledUntil.put(cacheKey, clock.instant().plus(NOT_INSTALLED_MEMORY));
                LOG.warn("GitHub App {} is not installed on {}: its calls use the configured tokens, if any",
                        app.getId().trim(), owner);
                throw notInstalled(app, owner, e.getMessage());
            }
            throw e;
        }
        String id = answer.path("id").asText("");
        if (id.isEmpty()) {
            throw new PlatformApiException(0, "GET " + lookup + " named no installation id");
        }
        installationByOwner.put(cacheKey, id);
        LOG.info("GitHub App {} is installed on {} as installation {}", app.getId().trim(), owner, id);
        return id;
    }

    private static PlatformApiException notInstalled(App app, String owner, String detail) {
        return new PlatformApiException(404, "the GitHub App " + app.getId().trim() + " is not installed on " + owner
                + " (" + detail + ")");
    }

    /** POST /app/installations/{id}/access_tokens, signed by the app: 201 {"token", "expires_at", ...}. */
    private Issued issue(String platformName, Platform platform, String installation) {
        String path = "/app/installations/" + encode(installation) + "/access_tokens";
        ApiResponse response = http.post(platform, jwt(platform), uri(platform, path), NO_RESTRICTIONS,
                java.util.Set.of(), outcome -> metrics.request(platformName, outcome));
        JsonNode answer = response.json();
        String token = answer.path("token").asText("");
        Instant expiresAt;
        try {
            expiresAt = Instant.parse(answer.path("expires_at").asText(""));
        } catch (RuntimeException e) {
            throw new PlatformApiException(response.status(), "POST " + path + " named no expires_at");
        }
        if (token.isEmpty()) {
            throw new PlatformApiException(response.status(), "POST " + path + " named no token");
        }
        LOG.info("GitHub App {}: a token for installation {} was issued, valid until {}", platform.getApp().getId().trim(),
                installation, expiresAt);
        return new Issued(token, expiresAt);
    }

    /** A new JWT for each request to GitHub as the app: one a token an hour per installation, cheap to sign. */
    private String jwt(Platform platform) {
        App app = platform.getApp();
        ParsedKey current = parsed;
        if (current == null || !current.pem().equals(app.getPrivateKey())) {
            current = new ParsedKey(app.getPrivateKey(), AppPrivateKey.parse(app.getPrivateKey()));
            parsed = current;
        }
        return AppJwt.sign(app.getId(), current.key(), clock.instant());
    }

    private static URI uri(Platform platform, String path) {
        String base = platform.getApiUrl();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
