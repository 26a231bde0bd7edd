package io.gitcollector.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The GitHub simulator's tokens: which are accepted, which were revoked, and one primary rate limit per
 * token, as GitHub keeps one per user or installation. Requests without a valid token count against the
 * unauthenticated quota (the empty key). A quota's window resets at its reset time: remaining goes back to
 * the limit and the next reset is an hour later. Token values are only map keys: never logged, never shown.
 */
final class GitHubTokens {

    static final int DEFAULT_LIMIT = 5000;
    static final String UNAUTHENTICATED = "";
    private static final Duration WINDOW = Duration.ofHours(1);

    /** The state of one quota as its headers show it. */
    record Snapshot(int limit, int remaining, long resetEpochSecond) {
        /** GitHub's primary-rate-limit headers, with the {@code core} resource the REST endpoints count against. */
        Map<String, String> headers() {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("X-RateLimit-Limit", Integer.toString(limit));
            h.put("X-RateLimit-Remaining", Integer.toString(remaining));
            h.put("X-RateLimit-Used", Integer.toString(limit - remaining));
            h.put("X-RateLimit-Reset", Long.toString(resetEpochSecond));
            h.put("X-RateLimit-Resource", "core");
            return h;
        }
    }

    /** How a request's credentials fare. */
    enum Check { VALID, MISSING, BAD }

    private static final class Quota {
        int limit;
        int remaining;
        Instant resetAt;
        final int userId;

        Quota(int limit, int remaining, Instant resetAt, int userId) {
            this.limit = limit;
            this.remaining = remaining;
            this.resetAt = resetAt;
            this.userId = userId;
        }
    }

    /** Installation tokens: valid until they expire, whatever {@link #accept} named. */
    private final GitHubApps apps;
    private final Set<String> accepted = new HashSet<>();
    private final Set<String> revoked = new HashSet<>();
    private final Map<String, Quota> quotas = new HashMap<>();
    private final Map<String, Long> requests = new HashMap<>();
    private final Map<String, Long> whileExhausted = new HashMap<>();

    GitHubTokens(GitHubApps apps) {
        this.apps = apps;
    }

    /** Only these tokens are valid from now on (none: any token, or none at all); they are no longer revoked. */
    synchronized void accept(String... tokens) {
        accepted.clear();
        for (String token : tokens) {
            if (token != null) {
                accepted.add(token);
                revoked.remove(token);
            }
        }
    }

    synchronized void revoke(String token) {
        revoked.add(token);
    }

    synchronized Check check(String token) {
        if (token == null) {
            return accepted.isEmpty() ? Check.VALID : Check.MISSING;
        }
        if (revoked.contains(token)) {
            return Check.BAD;
        }
        Boolean installationToken = apps.valid(token);
        if (installationToken != null) {
            return installationToken ? Check.VALID : Check.BAD;
        }
        return accepted.isEmpty() || accepted.contains(token) ? Check.VALID : Check.BAD;
    }

    /** The quota an answer to this token counts against: its own when it is valid, else the unauthenticated one. */
    synchronized String bucket(String token) {
        return token != null && check(token) == Check.VALID ? token : UNAUTHENTICATED;
    }

    synchronized void setQuota(String token, int limit, int remaining, Duration resetIn) {
        if (limit < 1 || remaining < 0 || remaining > limit) {
            throw new IllegalArgumentException("need 0 <= remaining <= limit and limit >= 1");
        }
        Quota quota = quota(token == null ? UNAUTHENTICATED : token, Instant.now());
        quota.limit = limit;
        quota.remaining = remaining;
        quota.resetAt = ceilToSecond(Instant.now().plus(resetIn));
    }

    /** Counts a request as it arrives: per token, and apart when the token's quota is spent. */
    synchronized void received(String token) {
        if (token == null) {
            return;
        }
        requests.merge(token, 1L, Long::sum);
        Quota quota = quotas.get(token);
        if (quota != null) {
            refresh(quota, Instant.now());
            if (quota.remaining == 0) {
                whileExhausted.merge(token, 1L, Long::sum);
            }
        }
    }

    /**
     * Admits one request to a bucket: charges it and returns null, or, when the quota is spent and its reset
     * has not come, charges nothing and returns the exhausted state to answer with.
     */
    synchronized Snapshot admit(String bucket) {
        Quota quota = quota(bucket, Instant.now());
        if (quota.remaining == 0) {
            return snapshot(quota);
        }
        quota.remaining--;
        return null;
    }

    /** Charges one answer to a bucket without asking (answers given before admission, such as a 401). */
    synchronized void charge(String bucket) {
        Quota quota = quota(bucket, Instant.now());
        quota.remaining = Math.max(0, quota.remaining - 1);
    }

    /** Gives back an admitted request's charge: its answer turned out free (a 304). */
    synchronized void refund(String bucket) {
        Quota quota = quota(bucket, Instant.now());
        quota.remaining = Math.min(quota.limit, quota.remaining + 1);
    }

    synchronized Snapshot peek(String bucket) {
        return snapshot(quota(bucket, Instant.now()));
    }

    /** The user id GitHub names in a primary-rate-limit message: one per quota, in the order quotas were made. */
    synchronized int userId(String bucket) {
        return quota(bucket, Instant.now()).userId;
    }

    synchronized long requestsWithToken(String token) {
        return requests.getOrDefault(token, 0L);
    }

    synchronized long requestsWhileExhausted(String token) {
        return whileExhausted.getOrDefault(token, 0L);
    }

    private Quota quota(String bucket, Instant now) {
        Quota quota = quotas.computeIfAbsent(bucket, k -> new Quota(DEFAULT_LIMIT, DEFAULT_LIMIT,
                ceilToSecond(now.plus(WINDOW)), 1001 + quotas.size()));
        refresh(quota, now);
        return quota;
    }

    /** A window whose reset time has come starts again: full quota, next reset an hour on. */
    private static void refresh(Quota quota, Instant now) {
        if (!now.isBefore(quota.resetAt)) {
            quota.remaining = quota.limit;
            quota.resetAt = ceilToSecond(now.plus(WINDOW));
        }
    }

    private static Snapshot snapshot(Quota quota) {
        return new Snapshot(quota.limit, quota.remaining, quota.resetAt.getEpochSecond());
    }

    /** Reset times are whole seconds, as the header shows them: a client that waits until then finds the quota back. */
    private static Instant ceilToSecond(Instant t) {
        Instant floor = t.truncatedTo(ChronoUnit.SECONDS);
        return floor.equals(t) ? floor : floor.plusSeconds(1);
    }
}
