package io.gitcollector.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A repository as the collector names it: its normalized URL (the platform host's canonical
 * scheme and host, lower-cased path, no {@code .git}, no trailing slash) and {@code repo-} plus the first 16 hex digits of that URL's
 * SHA-256, stable across instances and restarts.
 */
public record RepositoryIdentity(String platform, String url, String path, String id) {

    /** @param canonicalBase the platform host's canonical scheme and authority, e.g. {@code https://github.com} */
    public static RepositoryIdentity of(String platform, String canonicalBase, String path) {
        String normalizedPath = normalizePath(path);
        String url = canonicalBase + "/" + normalizedPath.toLowerCase(Locale.ROOT);
        return new RepositoryIdentity(platform, url, normalizedPath, idOf(url));
    }

    /**
     * An organization, group or workspace, named like a repository (normalized URL, path as written) with
     * {@code org-} before its URL's hash: its repositories are discovered, not collected as one.
     */
    public static RepositoryIdentity organization(String platform, String canonicalBase, String path) {
        RepositoryIdentity named = of(platform, canonicalBase, path);
        return new RepositoryIdentity(platform, named.url(), named.path(), "org-" + named.id().substring("repo-".length()));
    }

    /** The path without surrounding slashes or a trailing {@code .git}, case kept (APIs want it as written). */
    public static String normalizePath(String path) {
        String p = path == null ? "" : path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.toLowerCase(Locale.ROOT).endsWith(".git")) {
            p = p.substring(0, p.length() - 4);
        }
        return p;
    }

    public static String idOf(String normalizedUrl) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalizedUrl.getBytes(StandardCharsets.UTF_8));
            return "repo-" + HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The repository's web URL with its path as the caller wrote it: {@link #url()} lower-cases the path, and APIs
     * whose names are case-sensitive (Gerrit's projects) want it as written.
     */
    public String webUrl() {
        return url.substring(0, url.length() - path.length()) + path;
    }

    /** The owner: every path segment but the last (GitLab groups may nest). */
    public String owner() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** The repository's own name: the last path segment. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
