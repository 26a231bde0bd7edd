package io.gitcollector.state;

/** The Redis keys the collector writes, in one place so operators can find them (README, "Redis keys"). */
public final class RedisKeys {

    private RedisKeys() {
    }

    public static String status(String repositoryId) {
        return "git:status:" + repositoryId;
    }

    public static String watermarks(String repositoryId) {
        return "git:last_sync:" + repositoryId;
    }

    public static String etags(String repositoryId) {
        return "git:etag:" + repositoryId;
    }

    public static String lock(String repositoryId) {
        return "git:lock:" + repositoryId;
    }

    public static String rateLimit(String platform, String repositoryId) {
        return "git:ratelimit:" + platform + ":" + repositoryId;
    }

    /** Prefix of the idempotent repository's keys: {@code git:dedup:<event_id>}. */
    public static final String DEDUP_PREFIX = "git:dedup";
}
