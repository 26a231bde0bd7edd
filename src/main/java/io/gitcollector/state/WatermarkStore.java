package io.gitcollector.state;

import java.time.Instant;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/** Per-resource sync watermarks (platform timestamps) at {@code git:last_sync:{repository_id}}. */
@Component
public class WatermarkStore {

    private final StringRedisTemplate redis;

    public WatermarkStore(StringRedisTemplate redis) {
        this.redis = redis;
    }

    public Optional<Instant> get(String repositoryId, String resource) {
        Object value = redis.opsForHash().get(RedisKeys.watermarks(repositoryId), resource);
        return Optional.ofNullable(value).map(v -> Instant.parse(v.toString()));
    }

    /** Moves the watermark forward only; a resource that saw nothing newer keeps its old mark. */
    public void advance(String repositoryId, String resource, Instant watermark) {
        Optional<Instant> current = get(repositoryId, resource);
        if (current.isEmpty() || watermark.isAfter(current.get())) {
            redis.opsForHash().put(RedisKeys.watermarks(repositoryId), resource, watermark.toString());
        }
    }
}
