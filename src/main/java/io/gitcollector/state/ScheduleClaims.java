package io.gitcollector.state;

import java.time.Duration;
import java.time.Instant;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Who queues a scheduled run: every instance fires every schedule, and the first to SET NX the run's key
 * (repository, kind of run, due time) queues it; the others see the key and do nothing. The key expires once
 * no instance can compute that due time again, so Redis does not fill up with old slots.
 */
@Component
public class ScheduleClaims {

    private final StringRedisTemplate redis;

    public ScheduleClaims(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** @return true if this call claimed the run due at {@code dueAt}; false if another (or an earlier) call has it */
    public boolean claim(String repositoryId, String syncMode, Instant dueAt, Duration keepFor) {
        return Boolean.TRUE.equals(redis.opsForValue()
                .setIfAbsent(RedisKeys.scheduleClaim(repositoryId, syncMode, dueAt), "claimed", keepFor));
    }
}
