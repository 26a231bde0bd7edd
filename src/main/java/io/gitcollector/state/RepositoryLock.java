package io.gitcollector.state;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.gitcollector.config.CollectorProperties;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * One run per repository across every instance: a Redis key with a TTL, renewed while the run
 * makes progress, so a crashed instance's lock expires on its own.
 */
@Component
public class RepositoryLock {

    /** Extends our lock; takes it again if it expired meanwhile and nobody else took it. */
    private static final RedisScript<Long> RENEW = RedisScript.of("""
            local holder = redis.call('GET', KEYS[1])
            if holder == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            if not holder then
                redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
                return 1
            end
            return 0
            """, Long.class);
    private static final RedisScript<Long> RELEASE = RedisScript.of(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end",
            Long.class);

    private final StringRedisTemplate redis;
    private final Duration ttl;

    public RepositoryLock(StringRedisTemplate redis, CollectorProperties properties) {
        this.redis = redis;
        this.ttl = properties.getJobs().getLockTtl();
    }

    /** @return the holder token, or null when another run holds the lock. */
    public String tryAcquire(String repositoryId) {
        String token = UUID.randomUUID().toString();
        Boolean acquired = redis.opsForValue().setIfAbsent(RedisKeys.lock(repositoryId), token, ttl);
        return Boolean.TRUE.equals(acquired) ? token : null;
    }

    /**
     * Waits for the lock up to its TTL. A job redelivered after a crash finds the dead run's lock,
     * which expires within one TTL; a live run renews its lock and keeps it, and this gives up.
     *
     * @return the holder token, or null if the lock stayed taken for a whole TTL
     */
    public String awaitAcquire(String repositoryId) throws InterruptedException {
        long deadline = System.nanoTime() + ttl.toNanos() + Duration.ofSeconds(1).toNanos();
        String token = tryAcquire(repositoryId);
        while (token == null && System.nanoTime() < deadline) {
            Thread.sleep(Math.min(1000, Math.max(50, ttl.toMillis() / 10)));
            token = tryAcquire(repositoryId);
        }
        return token;
    }

    /** @return false when the lock was lost: it expired and another run took it. */
    public boolean renew(String repositoryId, String token) {
        Long renewed = redis.execute(RENEW, List.of(RedisKeys.lock(repositoryId)), token, Long.toString(ttl.toMillis()));
        return renewed != null && renewed == 1L;
    }

    public void release(String repositoryId, String token) {
        redis.execute(RELEASE, List.of(RedisKeys.lock(repositoryId)), token);
    }
}
