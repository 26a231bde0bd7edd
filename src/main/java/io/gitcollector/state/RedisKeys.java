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

    /** Each page of a resource read with {@code conditional: each-page}: its ETag, next page and (if needed) body. */
    public static String pages(String repositoryId) {
        return "git:pages:" + repositoryId;
    }

    /** A webhook delivery accepted, kept collector.webhooks.delivery-memory: a redelivery is a no-op. */
    public static String webhookDelivery(String platform, String delivery) {
        return "git:webhook:" + platform + ":" + delivery;
    }

    /** A follow-up sync asked for by a webhook and not yet queued: one per repository however many pushes came. */
    public static String followUp(String repositoryId) {
        return "git:followup:" + repositoryId;
    }

    /** One scheduled run, claimed by the instance that queues it: {@code git:schedule:{id}:{sync mode}:{due epoch ms}}. */
    public static String scheduleClaim(String repositoryId, String syncMode, java.time.Instant dueAt) {
        return "git:schedule:" + repositoryId + ":" + syncMode + ":" + dueAt.toEpochMilli();
    }

    /** Repository schedules registered over the API: hash, repository id → entry as JSON. */
    public static final String REGISTERED_REPOSITORIES = "git:repositories";
    /** Organizations, groups and workspaces registered over the API: id → entry as JSON. */
    public static final String REGISTERED_ORGANIZATIONS = "git:organizations";
    /** Each registered organization's last discovery: id → {discovered_at, outcome, repositories, error} as JSON. */
    public static final String ORGANIZATION_DISCOVERIES = "git:organizations:discoveries";

    public static String lock(String repositoryId) {
        return "git:lock:" + repositoryId;
    }

    public static String rateLimit(String platform, String repositoryId) {
        return "git:ratelimit:" + platform + ":" + repositoryId;
    }

    /** A token the platform refused, out of the pool for a day: {@code git:tokens:revoked:<platform>:<token id>}. */
    public static String revokedToken(String platform, String tokenId) {
        return "git:tokens:revoked:" + platform + ":" + tokenId;
    }

    /** Jobs waiting for a rate limit: a sorted set of job JSON by the epoch millisecond they go on. */
    public static final String DELAYED_JOBS = "git:delayed_jobs";

    /** Where a run that stopped to wait for a rate limit goes on from: done resources, the page it was on. */
    public static String resume(String repositoryId) {
        return "git:resume:" + repositoryId;
    }

    /** Versions of entities without one of their own: entity:identity → last published hash and version. */
    public static String versions(String repositoryId) {
        return "git:versions:" + repositoryId;
    }

    /** What the health figures are computed from: {@code git:health:{repository_id}:pull_requests}, …:issues, …:commits, …:last_commit_at. */
    public static String health(String repositoryId, String part) {
        return "git:health:" + repositoryId + ":" + part;
    }

    /** Prefix of the idempotent repository's keys: {@code git:dedup:<event_id>}. */
    public static final String DEDUP_PREFIX = "git:dedup";
}
