package io.gitcollector.identity;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.gitcollector.config.CollectorProperties;
import io.gitcollector.config.CollectorProperties.Platform;
import io.gitcollector.model.RepositoryIdentity;
import org.springframework.stereotype.Component;

/**
 * The configured platforms, and the only way a repository URL becomes a {@link RepositoryIdentity}.
 * A URL whose host no platform claims is refused: the collector never calls a host a caller names.
 */
@Component
public class PlatformRegistry {

    private final Map<String, Platform> platforms;
    private final Map<String, String> platformByHost = new LinkedHashMap<>();
    /** Each accepted host's canonical scheme and authority: every spelling of a repository gets one id. */
    private final Map<String, String> canonicalBaseByHost = new LinkedHashMap<>();

    public PlatformRegistry(CollectorProperties properties) {
        this.platforms = properties.getPlatforms();
        platforms.forEach((name, platform) -> {
            readFile(name, "token-file", platform.getTokenFile()).ifPresent(platform::setToken);
            readFile(name, "app.private-key-file", platform.getApp().getPrivateKeyFile()).ifPresent(platform.getApp()::setPrivateKey);
            var webhook = platform.getWebhook();
            readFile(name, "webhook.secret-file", webhook.getSecretFile()).ifPresent(webhook::setSecret);
            if (webhook.getSecret() != null && !webhook.getSecret().isBlank() && webhook.getSignatureHeader().isBlank() && webhook.getTokenHeader().isBlank()) {
                throw new IllegalStateException("collector.platforms." + name + ".webhook: a secret is set but neither "
                        + "signature-header nor token-header says how deliveries carry it");
            }
            List<String> webHosts = platform.getWebHosts();
            webHosts.forEach(host -> {
                platformByHost.put(authority(host), name);
                canonicalBaseByHost.put(authority(host), "https://" + authority(webHosts.get(0)));
            });
            // The API's own host names repositories too (GitHub Enterprise, self-managed GitLab, a simulator),
            // unless it is the API sub-domain of a web host (api.github.com is not where repositories live).
            URI api = URI.create(platform.getApiUrl());
            String apiAuthority = authority(api.getHost(), api.getPort());
            boolean apiOfWebHost = webHosts.stream().anyMatch(h -> authority(api.getHost()).equals("api." + authority(h)));
            if (!apiOfWebHost && !platformByHost.containsKey(apiAuthority)) {
                platformByHost.put(apiAuthority, name);
                canonicalBaseByHost.put(apiAuthority, api.getScheme().toLowerCase(Locale.ROOT) + "://" + apiAuthority);
            }
        });
    }

    public Platform platform(String name) {
        Platform platform = platforms.get(name);
        if (platform == null) {
            throw new IllegalArgumentException("no platform named '" + name + "' is configured");
        }
        return platform;
    }

    public Map<String, Platform> platforms() {
        return platforms;
    }

    /** The longest repository URL accepted (browsers and proxies cut URLs near this length too). */
    public static final int MAX_URL_LENGTH = 2_048;

    /**
     * Parses and checks a repository URL given by a caller or by configuration: any spelling of it (host case, a
     * {@code www.} web host, the default port, {@code http}, a trailing slash or {@code .git}, path case, an SSH clone
     * URL) gives the same identity.
     */
    public RepositoryIdentity identify(String repositoryUrl) {
        Located at = locate(repositoryUrl);
        if (!Pattern.compile(at.platform().getRepositoryPathPattern()).matcher(at.path()).matches()) {
            throw new InvalidRepositoryUrlException("repository_url does not name a repository on " + at.name()
                    + ": expected a path like /owner/repo, got '/" + at.path() + "'");
        }
        return RepositoryIdentity.of(at.name(), canonicalBaseByHost.get(at.hostKey()), at.path());
    }

    /** Whether the URL's path has the shape of a repository on its platform (checked like {@link #identify}). */
    public boolean namesRepository(String url) {
        Located at = locate(url);
        return Pattern.compile(at.platform().getRepositoryPathPattern()).matcher(at.path()).matches();
    }

    /**
     * An organization, group or workspace whose repositories are discovered ({@code https://github.com/ORG},
     * {@code https://gitlab.com/group/sub}): its platform must declare an {@code organization-path-pattern}.
     */
    public RepositoryIdentity identifyOrganization(String organizationUrl) {
        Located at = locate(organizationUrl);
        String pattern = at.platform().getOrganizationPathPattern();
        if (pattern == null || pattern.isBlank()) {
            throw new InvalidRepositoryUrlException(at.name() + " has no organization-path-pattern: its repositories "
                    + "are registered one by one");
        }
        if (!Pattern.compile(pattern).matcher(at.path()).matches()) {
            throw new InvalidRepositoryUrlException("url does not name an organization on " + at.name()
                    + ": expected a path matching " + pattern + ", got '/" + at.path() + "'");
        }
        return RepositoryIdentity.organization(at.name(), canonicalBaseByHost.get(at.hostKey()), at.path());
    }

    private record Located(String name, Platform platform, String hostKey, String path) {
    }

    /** The URL checked (length, scheme, no credentials, query or dot segments) and its host's platform found. */
    private Located locate(String repositoryUrl) {
        if (repositoryUrl == null || repositoryUrl.isBlank()) {
            throw new InvalidRepositoryUrlException("repository_url is required and must not be empty");
        }
        if (repositoryUrl.length() > MAX_URL_LENGTH) {
            // Statuses and jobs keep the URL: a longer one is no repository, only a way to fill Redis.
            throw new InvalidRepositoryUrlException("repository_url is " + repositoryUrl.length()
                    + " characters long; at most " + MAX_URL_LENGTH + " are accepted");
        }
        URI uri;
        try {
            String trimmed = repositoryUrl.trim();
            uri = new URI(SshCloneUrl.asWebUrl(trimmed).orElse(trimmed));
        } catch (URISyntaxException e) {
            throw new InvalidRepositoryUrlException("repository_url is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http")) || uri.getHost() == null) {
            throw new InvalidRepositoryUrlException("repository_url must be an http(s) URL with a host, like https://HOST/owner/repo, or an SSH clone URL, like git@HOST:owner/repo.git");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidRepositoryUrlException("repository_url must not contain credentials");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidRepositoryUrlException("repository_url must not have a query or a fragment");
        }
        String hostKey = Optional.of(authority(uri.getHost(), uri.getPort())).filter(platformByHost::containsKey)
                .or(() -> Optional.of(authority(uri.getHost())).filter(platformByHost::containsKey))
                .orElseThrow(() -> new InvalidRepositoryUrlException("host '" + uri.getHost()
                        + "' is not a configured platform (configured hosts: " + new TreeSet<>(platformByHost.keySet()) + ")"));
        String platformName = platformByHost.get(hostKey);
        String path = RepositoryIdentity.normalizePath(uri.getPath());
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidRepositoryUrlException("repository_url must not contain '.' or '..' path segments");
            }
        }
        return new Located(platformName, platforms.get(platformName), hostKey, path);
    }

    /**
     * Docker and Kubernetes secrets arrive as files: {@code token-file} (GITHUB_TOKEN_FILE) wins over {@code token},
     * {@code webhook.secret-file} over {@code webhook.secret}.
     */
    private static java.util.Optional<String> readFile(String name, String key, String file) {
        if (file == null || file.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(java.nio.file.Files.readString(java.nio.file.Path.of(file)).trim());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("collector.platforms." + name + "." + key + ": cannot read " + file
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String authority(String host, int port) {
        return port > 0 ? authority(host) + ":" + port : authority(host);
    }

    private static String authority(String host) {
        return host.toLowerCase(Locale.ROOT);
    }
}
