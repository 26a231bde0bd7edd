package io.gitcollector.publish;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.component.redis.processor.idempotent.SpringRedisStringIdempotentRepository;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Camel's Redis idempotent repository (same keys: {@code <name>:<id>}, one per id, with an
 * expiry), plus a page at a time: one MGET to find the ids seen before, one script to remember
 * the new ones. Per-id calls cost a round trip each, which capped publishing at a few hundred
 * events a second. (Multi-key calls want one Redis node, not a Redis Cluster.)
 */
public class BatchedRedisIdempotentRepository extends SpringRedisStringIdempotentRepository {

    /** SET every key to its id, with the expiry in seconds (0: none). A script, so the shared connection serves it. */
    private static final RedisScript<Long> SET_ALL = RedisScript.of("""
            local ttl = tonumber(ARGV[1])
            for i, key in ipairs(KEYS) do
                if ttl > 0 then redis.call('SET', key, ARGV[i + 1], 'EX', ttl) else redis.call('SET', key, ARGV[i + 1]) end
            end
            return #KEYS
            """, Long.class);

    private final StringRedisTemplate redis;

    public BatchedRedisIdempotentRepository(StringRedisTemplate redis, String name, Duration expiry) {
        super(redis, name);
        this.redis = redis;
        setExpiry(expiry.toSeconds());
    }

    /** The ids among these that were added before (and have not expired). */
    public Set<String> seenAmong(List<String> ids) {
        List<String> values = redis.opsForValue().multiGet(ids.stream().map(this::createRedisKey).toList());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (values != null && values.get(i) != null) {
                seen.add(ids.get(i));
            }
        }
        return seen;
    }

    /** Remembers every id, each with the repository's expiry, in one round trip. */
    public void addAll(List<String> ids) {
        List<String> keys = ids.stream().map(this::createRedisKey).toList();
        Object[] args = new Object[ids.size() + 1];
        args[0] = Long.toString(getExpiry());
        for (int i = 0; i < ids.size(); i++) {
            args[i + 1] = ids.get(i);
        }
        redis.execute(SET_ALL, keys, args);
    }
}
