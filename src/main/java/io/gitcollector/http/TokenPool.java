package io.gitcollector.http;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gitcollector.config.CollectorProperties.Platform;
import io.gitcollector.metrics.LastSeenQuota;
import io.gitcollector.publish.EventEnvelopes;
import io.gitcollector.state.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * A platform's tokens ({@code GITHUB_TOKEN=a,b,c}) as a pool shared by every instance through Redis:
 * each call takes the token with the most quota left ({@code git:ratelimit:<platform>:token:<id>});
 * a token the platform refuses (401) leaves the pool ({@code git:tokens:revoked:<platform>:<id>}) with
 * one log line. A token is only ever named by its position and a hash, never by its value. A GitHub App's
 * installation tokens join the configured ones as {@code issued} members: chosen and budgeted alike, but never
 * revoked here (a refused one is replaced by a new one instead).
 */
@Component
public class TokenPool {

    private static final Logger LOG = LoggerFactory.getLogger(TokenPool.class);

    /** Marks a token refused for a day, unless it is the last one not refused: that one stays, and its 401 fails runs. */
    private static final RedisScript<Long> REVOKE_UNLESS_LAST = RedisScript.of("""
            local live = 0
            for i, key in ipairs(KEYS) do
                if redis.call('EXISTS', key) == 0 then live = live + 1 end
            end
            local mine = KEYS[tonumber(ARGV[1])]
            if redis.call('EXISTS', mine) == 1 then return 0 end
            if live <= 1 then return -1 end
            redis.call('SET', mine, '1', 'EX', ARGV[2])
            return 1
            """, Long.class);

    /** How the quota gauge names the calls made without a token. */
    private static final String NO_TOKEN = "none";

    private final StringRedisTemplate redis;
    private final LastSeenQuota lastSeen;

    public TokenPool(StringRedisTemplate redis, LastSeenQuota lastSeen) {
        this.redis = redis;
        this.lastSeen = lastSeen;
    }

    /** What the pool knows of one live token's quota: unknown (never used, or reset since) counts as full. */
    public record Budget(String token, long remaining, Instant reset) {
    }

    /** The configured tokens of a platform, in order; empty for unauthenticated calls. */
    public static List<String> tokensOf(Platform platform) {
        String tokens = platform.getToken();
        if (tokens == null || tokens.isBlank()) {
            return List.of();
        }
        return Arrays.stream(tokens.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    /** Whether the platform's calls carry credentials: tokens, or a GitHub App's installation tokens. */
    public static boolean authenticated(Platform platform) {
        return !tokensOf(platform).isEmpty() || platform.getApp() != null && platform.getApp().isConfigured();
    }

    /** How Redis names a token: the first 12 hex digits of its SHA-256 (the same whatever its place in the list). */
    public static String id(String token) {
        return EventEnvelopes.sha256(token).substring(0, 12);
    }

    /** How logs name a token: its place in the list and its id, never its value. */
    private static String describe(Platform platform, String token) {
        return "#" + (tokensOf(platform).indexOf(token) + 1) + " (" + id(token) + ")";
    }

    /**
     * The live tokens and their quota, read in two Redis calls (which are refused, then every budget):
     * one snapshot serves both {@link #spentUntil} and {@link #choose} for a call.
     */
    public List<Budget> budgets(String platformName, Platform platform) {
        return budgets(platformName, platform, List.of());
    }

    /** The same, with {@code issued} tokens (installation tokens) beside the configured ones. */
    public List<Budget> budgets(String platformName, Platform platform, List<String> issued) {
        List<String> live = new ArrayList<>(live(platformName, platform));
        issued.stream().filter(t -> !live.contains(t)).forEach(live::add);
        if (live.isEmpty()) {
            return List.of();
        }
        var keys = redis.getStringSerializer();
        List<Object> budgets = redis.executePipelined((RedisCallback<Object>) connection -> {
            live.forEach(token -> connection.hashCommands().hGetAll(keys.serialize(key(platformName, token))));
            return null;
        });
        Instant now = Instant.now();
        List<Budget> result = new ArrayList<>();
        for (int i = 0; i < live.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> budget = (Map<Object, Object>) budgets.get(i);
            Object remaining = budget == null ? null : budget.get("remaining");
            Object resetValue = budget == null ? null : budget.get("reset");
            Instant reset = resetValue == null ? null : Instant.ofEpochSecond(Long.parseLong(resetValue.toString()));
            boolean unknown = remaining == null || reset != null && !reset.isAfter(now);
            result.add(new Budget(live.get(i), unknown ? Long.MAX_VALUE : Long.parseLong(remaining.toString()), reset));
        }
        return result;
    }

    /** The token with the most quota left; empty when none is left. */
    public static Optional<String> choose(List<Budget> budgets) {
        Budget best = null;
        for (Budget budget : budgets) {
            if (best == null || budget.remaining() > best.remaining()) {
                best = budget;
            }
        }
        return Optional.ofNullable(best).map(Budget::token);
    }

    /** When every live token is down to {@code reserve} calls: the earliest time one is reset. */
    public static Optional<Instant> spentUntil(List<Budget> budgets, int reserve) {
        Instant now = Instant.now();
        Instant earliest = null;
        for (Budget budget : budgets) {
            if (budget.remaining() > reserve || budget.reset() == null || !budget.reset().isAfter(now)) {
                return Optional.empty();
            }
            earliest = earliest == null || budget.reset().isBefore(earliest) ? budget.reset() : earliest;
        }
        return Optional.ofNullable(earliest);
    }

    /** Keeps what an answer says of the token's quota (and, for the metrics, in memory). */
    public void record(String platformName, Platform platform, String token, ApiResponse response) {
        Long remaining = response.longHeader(platform.getRateLimitRemainingHeader());
        if (remaining == null) {
            return;
        }
        lastSeen.remaining(platformName, token == null ? NO_TOKEN : id(token), remaining);
        if (token == null) {
            return;
        }
        Long reset = response.longHeader(platform.getRateLimitResetHeader());
        Map<String, String> budget = new LinkedHashMap<>();
        budget.put("remaining", remaining.toString());
        if (reset != null) {
            budget.put("reset", Long.toString(reset > 1_000_000_000L ? reset : Instant.now().getEpochSecond() + reset));
        }
        redis.opsForHash().putAll(key(platformName, token), budget);
    }

    /** The platform said this token has no quota until {@code until}. */
    public void spent(String platformName, String token, Instant until) {
        if (token != null) {
            lastSeen.remaining(platformName, id(token), 0);
            redis.opsForHash().putAll(key(platformName, token),
                    Map.of("remaining", "0", "reset", Long.toString(until.getEpochSecond())));
        }
    }

    /**
     * Takes a refused token out of the pool, for every instance, for a day (a token refused by mistake,
     * in a platform incident, comes back; a replaced one has a new id).
     *
     * @return false if it is the last token left: then it stays, and the caller fails with its 401
     */
    public boolean revoke(String platformName, Platform platform, String token, String reason) {
        List<String> tokens = tokensOf(platform);
        Long outcome = redis.execute(REVOKE_UNLESS_LAST, revokedKeys(platformName, tokens),
                Integer.toString(tokens.indexOf(token) + 1), Long.toString(Duration.ofDays(1).toSeconds()));
        if (outcome != null && outcome == 1) {
            lastSeen.forget(platformName, id(token));
            LOG.error("Token {} of {} was refused ({}): taken out of the pool; {} left", describe(platform, token),
                    platformName, reason, live(platformName, platform).size());
        }
        return outcome != null && outcome >= 0;
    }

    public List<String> live(String platformName, Platform platform) {
        List<String> tokens = tokensOf(platform);
        if (tokens.isEmpty()) {
            return tokens;
        }
        List<String> revoked = redis.opsForValue().multiGet(revokedKeys(platformName, tokens));
        List<String> live = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (revoked == null || revoked.get(i) == null) {
                live.add(tokens.get(i));
            }
        }
        return live;
    }

    private static List<String> revokedKeys(String platformName, List<String> tokens) {
        return tokens.stream().map(t -> RedisKeys.revokedToken(platformName, id(t))).toList();
    }

    private static String key(String platformName, String token) {
        return RedisKeys.rateLimit(platformName, "token:" + id(token));
    }
}
