package io.gitcollector.state;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gitcollector.model.RepositoryIdentity;
import io.gitcollector.secrets.SecretRedactor;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/** Each repository's collection status, as a Redis hash at {@code git:status:{repository_id}}. */
@Component
public class CollectionStatusStore {

    /**
     * Queues a repository unless it is queued, or running under a live lock, already. Atomic, so two
     * triggers at once (on one instance or several) queue one job. A "running" status whose lock has
     * expired is a crashed run and may be queued again.
     */
    private static final RedisScript<String> QUEUE_IF_IDLE = RedisScript.of("""
            local s = redis.call('HGET', KEYS[1], 'status')
            if s == 'queued' then return s end
            -- A paused run blocks new ones until a while after it should have gone on (its job may be lost).
            if s == 'waiting' then
                local at = redis.call('HGET', KEYS[1], 'retry_at_ms')
                if at and tonumber(at) + 300000 > tonumber(ARGV[6]) then return s end
            end
            if s == 'running' and redis.call('EXISTS', KEYS[2]) == 1 then return s end
            redis.call('HDEL', KEYS[1], 'started_at', 'finished_at', 'progress', 'api_calls', 'last_error')
            redis.call('HSET', KEYS[1], 'repository_id', ARGV[1], 'repository_url', ARGV[2], 'platform', ARGV[3],
                'status', 'queued', 'sync_mode', ARGV[4], 'queued_at', ARGV[5])
            return 'queued-now'
            """, String.class);

    private final StringRedisTemplate redis;
    /** Errors are redacted where they are made; again here, where they are kept and served, whoever made them. */
    private final SecretRedactor redactor;

    public CollectionStatusStore(StringRedisTemplate redis, SecretRedactor redactor) {
        this.redis = redis;
        this.redactor = redactor;
    }

    /** @return true if this call queued the repository; false if it was queued or running already. */
    public boolean queueIfIdle(RepositoryIdentity repository, String syncMode, Instant now) {
        String outcome = redis.execute(QUEUE_IF_IDLE,
                List.of(RedisKeys.status(repository.id()), RedisKeys.lock(repository.id())),
                repository.id(), repository.url(), repository.platform(), syncMode, now.toString(),
                Long.toString(now.toEpochMilli()));
        return "queued-now".equals(outcome);
    }

    /** Records a repository that is collected on a schedule, without touching an existing status. */
    public void registerScheduled(RepositoryIdentity repository, Instant nextSync) {
        String key = RedisKeys.status(repository.id());
        redis.opsForHash().putIfAbsent(key, "repository_id", repository.id());
        redis.opsForHash().putIfAbsent(key, "repository_url", repository.url());
        redis.opsForHash().putIfAbsent(key, "platform", repository.platform());
        redis.opsForHash().putIfAbsent(key, "status", CollectionStatus.IDLE.value());
        redis.opsForHash().put(key, "next_sync", nextSync.toString());
    }

    /** The repository is no longer scheduled: its status stops promising a next run. */
    public void forgetSchedule(String repositoryId) {
        redis.opsForHash().delete(RedisKeys.status(repositoryId), "next_sync");
    }

    public void markRunning(String repositoryId, String syncMode, Instant now) {
        put(repositoryId, Map.of("status", CollectionStatus.RUNNING.value(), "sync_mode", syncMode,
                "started_at", now.toString()));
        redis.opsForHash().delete(RedisKeys.status(repositoryId), "finished_at", "progress", "api_calls",
                "retry_at", "retry_at_ms", "waiting_for");
    }

    public void recordProgress(String repositoryId, String progressJson, long apiCalls) {
        // A resource's failure is in its progress (its error), as the platform worded it: redacted like last_error.
        put(repositoryId, Map.of("progress", redactor.redact(progressJson), "api_calls", Long.toString(apiCalls)));
    }

    public void markCompleted(String repositoryId, Instant now, Instant nextSync) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("status", CollectionStatus.COMPLETED.value());
        fields.put("finished_at", now.toString());
        fields.put("last_sync", now.toString());
        if (nextSync != null) {
            fields.put("next_sync", nextSync.toString());
        }
        put(repositoryId, fields);
        redis.opsForHash().delete(RedisKeys.status(repositoryId), "last_error", "retry_at", "retry_at_ms", "waiting_for");
    }

    /** The run stopped to wait for a rate limit; it goes on by itself at {@code retryAt}. */
    public void markWaiting(String repositoryId, String reason, Instant retryAt) {
        put(repositoryId, Map.of("status", CollectionStatus.WAITING.value(), "retry_at", retryAt.toString(),
                "retry_at_ms", Long.toString(retryAt.toEpochMilli()), "waiting_for", redactor.redact(reason)));
    }

    /** A waiting run's job is back on the jobs topic. */
    public void markRequeued(String repositoryId, Instant now) {
        redis.execute(REQUEUE_IF_WAITING, List.of(RedisKeys.status(repositoryId)), now.toString());
    }

    /** Only a status still waiting becomes queued: a run that moved on keeps what it wrote. */
    private static final RedisScript<Long> REQUEUE_IF_WAITING = RedisScript.of("""
            if redis.call('HGET', KEYS[1], 'status') ~= 'waiting' then return 0 end
            redis.call('HSET', KEYS[1], 'status', 'queued', 'queued_at', ARGV[1])
            redis.call('HDEL', KEYS[1], 'retry_at', 'retry_at_ms', 'waiting_for')
            return 1
            """, Long.class);

    public void markFailed(String repositoryId, String error, Instant now, Instant nextSync) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("status", CollectionStatus.FAILED.value());
        fields.put("finished_at", now.toString());
        fields.put("last_error", redactor.redact(error));
        if (nextSync != null) {
            fields.put("next_sync", nextSync.toString());
        }
        put(repositoryId, fields);
    }

    /** Whether the repository was ever queued or collected here. */
    public boolean exists(String repositoryId) {
        return Boolean.TRUE.equals(redis.hasKey(RedisKeys.status(repositoryId)));
    }

    public Optional<Map<String, String>> find(String repositoryId) {
        Map<Object, Object> entries = redis.opsForHash().entries(RedisKeys.status(repositoryId));
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> status = new LinkedHashMap<>();
        entries.forEach((k, v) -> status.put(k.toString(), v.toString()));
        return Optional.of(status);
    }

    private void put(String repositoryId, Map<String, String> fields) {
        redis.opsForHash().putAll(RedisKeys.status(repositoryId), fields);
    }
}
