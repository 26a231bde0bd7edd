package io.gitcollector.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * What this instance last saw of each platform token's quota, in memory, so that the gauge
 * {@code git.collector.rate.limit.remaining} costs no Redis call at a scrape. Per platform it is the
 * sum over its live tokens of the calls each had left by its last answer: the calls the pool can
 * still make before it waits, since every call takes the token with the most left. A token whose quota
 * was never seen does not count; a refused token leaves the sum. A platform appears once an answer of
 * it carried a remaining-quota header.
 */
@Component
public class LastSeenQuota {

    private final Map<String, Map<String, Long>> remainingByPlatform = new ConcurrentHashMap<>();
    private final CollectorMetrics metrics;

    public LastSeenQuota(CollectorMetrics metrics) {
        this.metrics = metrics;
    }

    /** An answer said the token ({@code tokenId}) has {@code remaining} calls left. */
    public void remaining(String platform, String tokenId, long remaining) {
        remainingByPlatform.computeIfAbsent(platform, this::register).put(tokenId, remaining);
    }

    /** The token left the pool. */
    public void forget(String platform, String tokenId) {
        Map<String, Long> tokens = remainingByPlatform.get(platform);
        if (tokens != null) {
            tokens.remove(tokenId);
        }
    }

    private Map<String, Long> register(String platform) {
        Map<String, Long> tokens = new ConcurrentHashMap<>();
        metrics.rateLimitRemaining(platform, () -> tokens.values().stream().mapToLong(Long::longValue).sum());
        return tokens;
    }
}
