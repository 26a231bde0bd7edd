package io.gitcollector.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gitcollector.config.CollectorProperties.Platform;
import io.gitcollector.publish.EventEnvelopes;
import io.gitcollector.state.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * A platform's tokens ({@code GITHUB_TOKEN=a,b,c}) as a pool shared by every instance through Redis:
 * each call takes the token with the most quota left ({@code git:ratelimit:<platform>:token:<id>});
 * a token the platform refuses (401) leaves the pool ({@code git:tokens:revoked:<platform>}) with one
 * log line. A token is only ever named by its position and a short hash, never by its value.
 */
@Component
public class TokenPool {

    private static final Logger LOG = LoggerFactory.getLogger(TokenPool.class);

    private final StringRedisTemplate redis;

    public TokenPool(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** The configured tokens of a platform, in order; empty for unauthenticated calls. */
    public static List<String> tokensOf(Platform platform) {
        String tokens = platform.getToken();
        if (tokens == null || tokens.isBlank()) {
            return List.of();
        }
        return Arrays.stream(tokens.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    /** How logs and Redis name a token: its position and the first 8 hex digits of its SHA-256. */
    public static String id(Platform platform, String token) {
        return "#" + (tokensOf(platform).indexOf(token) + 1) + "-" + EventEnvelopes.sha256(token).substring(0, 8);
    }

    /** The live token with the most quota left (one never used counts as full); empty when none is left. */
    public Optional<String> choose(String platformName, Platform platform) {
        List<String> live = live(platformName, platform);
        String best = null;
        long bestRemaining = Long.MIN_VALUE;
        Instant now = Instant.now();
        for (String token : live) {
            long remaining = remaining(platformName, platform, token, now);
            if (remaining > bestRemaining) {
                best = token;
                bestRemaining = remaining;
            }
        }
        return Optional.ofNullable(best);
    }

    /** When every live token is down to {@code reserve} calls: the earliest time one is reset. */
    public Optional<Instant> spentUntil(String platformName, Platform platform, int reserve) {
        Instant now = Instant.now();
        Instant earliest = null;
        for (String token : live(platformName, platform)) {
            Map<Object, Object> budget = budget(platformName, platform, token);
            Instant reset = reset(budget);
            if (remaining(platformName, platform, token, now) > reserve || reset == null || !reset.isAfter(now)) {
                return Optional.empty();
            }
            earliest = earliest == null || reset.isBefore(earliest) ? reset : earliest;
        }
        return Optional.ofNullable(earliest);
    }

    /** Keeps what an answer says of the token's quota. */
    public void record(String platformName, Platform platform, String token, ApiResponse response) {
        Long remaining = response.longHeader(platform.getRateLimitRemainingHeader());
        if (token == null || remaining == null) {
            return;
        }
        Long reset = response.longHeader(platform.getRateLimitResetHeader());
        Map<String, String> budget = new java.util.LinkedHashMap<>();
        budget.put("remaining", remaining.toString());
        if (reset != null) {
            budget.put("reset", Long.toString(reset > 1_000_000_000L ? reset : Instant.now().getEpochSecond() + reset));
        }
        redis.opsForHash().putAll(key(platformName, platform, token), budget);
    }

    /** The platform said this token has no quota until {@code until}. */
    public void spent(String platformName, Platform platform, String token, Instant until) {
        if (token != null) {
            redis.opsForHash().putAll(key(platformName, platform, token),
                    Map.of("remaining", "0", "reset", Long.toString(until.getEpochSecond())));
        }
    }

    /** Takes a refused token out of the pool, for every instance. */
    public void revoke(String platformName, Platform platform, String token, String reason) {
        Long added = redis.opsForSet().add(RedisKeys.revokedTokens(platformName), id(platform, token));
        // A token refused by mistake (a platform incident) comes back after a day; a replaced one has a new id.
        redis.expire(RedisKeys.revokedTokens(platformName), java.time.Duration.ofDays(1));
        if (added != null && added > 0) {
            LOG.error("Token {} of {} was refused ({}): taken out of the pool; {} left", id(platform, token),
                    platformName, reason, live(platformName, platform).size());
        }
    }

    public List<String> live(String platformName, Platform platform) {
        List<String> tokens = tokensOf(platform);
        if (tokens.isEmpty()) {
            return tokens;
        }
        var revoked = redis.opsForSet().members(RedisKeys.revokedTokens(platformName));
        List<String> live = new ArrayList<>();
        for (String token : tokens) {
            if (revoked == null || !revoked.contains(id(platform, token))) {
                live.add(token);
            }
        }
        return live;
    }

    private long remaining(String platformName, Platform platform, String token, Instant now) {
        Map<Object, Object> budget = budget(platformName, platform, token);
        Object remaining = budget.get("remaining");
        Instant reset = reset(budget);
        if (remaining == null || reset != null && !reset.isAfter(now)) {
            return Long.MAX_VALUE; // never used, or its quota has been reset since
        }
        return Long.parseLong(remaining.toString());
    }

    private Map<Object, Object> budget(String platformName, Platform platform, String token) {
        return redis.opsForHash().entries(key(platformName, platform, token));
    }

    private static Instant reset(Map<Object, Object> budget) {
        Object reset = budget.get("reset");
        return reset == null ? null : Instant.ofEpochSecond(Long.parseLong(reset.toString()));
    }

    private static String key(String platformName, Platform platform, String token) {
        return RedisKeys.rateLimit(platformName, "token:" + id(platform, token));
    }
}
