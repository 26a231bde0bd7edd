package io.gitcollector.embedded;

import java.net.URI;

/** Redis URLs may carry a password: this is how one is shown in a log line. */
public final class RedisUrls {

    private RedisUrls() {
    }

    public static String withoutPassword(String url) {
        try {
            URI uri = URI.create(url);
            String host = uri.getHost() == null ? "?" : uri.getHost();
            return uri.getScheme() + "://" + host + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getRawPath();
        } catch (IllegalArgumentException e) {
            return "<unparseable redis url>";
        }
    }
}
