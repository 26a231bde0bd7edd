package io.gitcollector.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The GraphQL API's primary rate limit: points per token per hour (5,000 by default), kept apart from the REST
 * {@code core} quota as GitHub keeps its {@code graphql} resource apart. A query is charged its cost when
 * admitted; one that costs more than what remains is refused and charged nothing.
 */
final class GraphQLQuotas {

    static final int DEFAULT_LIMIT = 5000;
    private static final Duration WINDOW = Duration.ofHours(1);

    /** A quota as the headers and {@code rateLimit} show it. */
    record Snapshot(int limit, int remaining, Instant resetAt) {
        int used() {
            return limit - remaining;
        }

        /** The X-RateLimit-* headers, with the {@code graphql} resource. */
        Map<String, String> headers() {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("X-RateLimit-Limit", Integer.toString(limit));
            h.put("X-RateLimit-Remaining", Integer.toString(remaining));
            h.put("X-RateLimit-Reset", Long.toString(resetAt.getEpochSecond()));
            h.put("X-RateLimit-Used", Integer.toString(used()));
            h.put("X-RateLimit-Resource", "graphql");
            return h;
        }
    }

    private static final class Quota {
        int limit = DEFAULT_LIMIT;
        int remaining = DEFAULT_LIMIT;
        Instant resetAt;
    }

    private final Map<String, Quota> quotas = new HashMap<>();

    synchronized void set(String bucket, int limit, int remaining, Duration resetIn) {
        if (limit < 1 || remaining < 0 || remaining > limit) {
            throw new IllegalArgumentException("need 0 <= remaining <= limit and limit >= 1");
        }
        Quota quota = quota(bucket);
        quota.limit = limit;
        quota.remaining = remaining;
        quota.resetAt = ceilToSecond(Instant.now().plus(resetIn));
    }

    /** Charges {@code points} and returns true, or returns false and charges nothing when fewer remain. */
    synchronized boolean charge(String bucket, int points) {
        Quota quota = quota(bucket);
        if (quota.remaining < points) {
            return false;
        }
        quota.remaining -= points;
        return true;
    }

    synchronized Snapshot peek(String bucket) {
        Quota quota = quota(bucket);
        return new Snapshot(quota.limit, quota.remaining, quota.resetAt);
    }

    private Quota quota(String bucket) {
        Instant now = Instant.now();
        Quota quota = quotas.computeIfAbsent(bucket, k -> new Quota());
        if (quota.resetAt == null || !now.isBefore(quota.resetAt)) {
            quota.remaining = quota.limit;
            quota.resetAt = ceilToSecond(now.plus(WINDOW));
        }
        return quota;
    }

    private static Instant ceilToSecond(Instant t) {
        Instant floor = t.truncatedTo(ChronoUnit.SECONDS);
        return floor.equals(t) ? floor : floor.plusSeconds(1);
    }
}
