package io.gitcollector.health;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.model.UtcTimes;
import io.gitcollector.state.RedisKeys;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * What the health figures need to know of a repository, kept in Redis across runs so an
 * incremental sync's health counts what earlier syncs saw too: each pull request's and issue's
 * latest state (and a merged pull request's hours to merge), the commits of the last 30 days,
 * and the newest commit. It reads normalized events only, so it is the same for every platform.
 */
@Component
public class HealthLedger {

    static final Duration COMMIT_WINDOW = Duration.ofDays(30);

    private final StringRedisTemplate redis;

    public HealthLedger(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Notes a page of envelopes (published or duplicate alike: both say what the repository holds). */
    public void record(String repositoryId, List<ObjectNode> envelopes, Instant now) {
        Map<String, String> pulls = new LinkedHashMap<>();
        Map<String, String> issues = new LinkedHashMap<>();
        Map<String, Double> commits = new LinkedHashMap<>();
        Instant newestCommit = null;
        Instant windowStart = now.minus(COMMIT_WINDOW);
        for (ObjectNode envelope : envelopes) {
            JsonNode data = envelope.path("data");
            switch (envelope.path("event_type").asText()) {
                case "pull_request_opened", "pull_request_merged", "pull_request_closed" ->
                        pulls.put(data.path("id").asText(), pullState(data));
                case "issue_opened", "issue_closed" -> issues.put(data.path("id").asText(), data.path("state").asText());
                case "commit_created" -> {
                    Instant at = UtcTimes.parse(data.path("committed_at"));
                    if (at != null) {
                        if (at.isAfter(now)) {
                            at = now; // a clock in the future must not fix last_commit_at for good
                        }
                        if (!at.isBefore(windowStart)) {
                            commits.put(data.path("sha").asText(), (double) at.getEpochSecond());
                        }
                        if (newestCommit == null || at.isAfter(newestCommit)) {
                            newestCommit = at;
                        }
                    }
                }
                default -> { }
            }
        }
        if (pulls.isEmpty() && issues.isEmpty() && commits.isEmpty() && newestCommit == null) {
            return;
        }
        String newest = newestCommit == null ? null : Long.toString(newestCommit.toEpochMilli());
        redis.executePipelined((RedisCallback<Object>) connection -> {
            var string = redis.getStringSerializer();
            if (!pulls.isEmpty()) {
                connection.hashCommands().hMSet(string.serialize(RedisKeys.health(repositoryId, "pull_requests")), bytes(pulls));
            }
            if (!issues.isEmpty()) {
                connection.hashCommands().hMSet(string.serialize(RedisKeys.health(repositoryId, "issues")), bytes(issues));
            }
            byte[] commitKey = string.serialize(RedisKeys.health(repositoryId, "commits"));
            commits.forEach((sha, score) -> connection.zSetCommands().zAdd(commitKey, score, string.serialize(sha)));
            return null;
        });
        if (newest != null) {
            redis.execute(LATER_OF, List.of(RedisKeys.health(repositoryId, "last_commit_at")), newest);
        }
    }

    /** {@code open}, {@code closed} or {@code merged:<hours from creation to merge>}. */
    private static String pullState(JsonNode data) {
        String state = data.path("state").asText();
        if (!"merged".equals(state)) {
            return state;
        }
        Instant created = UtcTimes.parse(data.path("created_at"));
        Instant merged = UtcTimes.parse(data.path("merged_at"));
        if (created == null || merged == null) {
            return "merged:";
        }
        return "merged:" + Duration.between(created, merged).toSeconds() / 3600.0;
    }

    private Map<byte[], byte[]> bytes(Map<String, String> map) {
        Map<byte[], byte[]> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(redis.getStringSerializer().serialize(k), redis.getStringSerializer().serialize(v)));
        return out;
    }

    /** Keeps the later of two epoch-millisecond values. */
    private static final org.springframework.data.redis.core.script.RedisScript<Long> LATER_OF =
            org.springframework.data.redis.core.script.RedisScript.of("""
                    local current = redis.call('GET', KEYS[1])
                    if not current or tonumber(current) < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) return 1 end
                    return 0
                    """, Long.class);
}
