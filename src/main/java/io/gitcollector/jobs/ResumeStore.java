package io.gitcollector.jobs;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.collect.ResumePoint;
import io.gitcollector.state.RedisKeys;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/** Where a run that stopped to wait for a rate limit goes on from ({@code git:resume:{repository_id}}). */
@Component
public class ResumeStore {

    /** A resume point older than this is stale: the run starts over. */
    private static final Duration KEPT = Duration.ofDays(1);

    private final StringRedisTemplate redis;
    private final ObjectMapper mapper;

    public ResumeStore(StringRedisTemplate redis, ObjectMapper mapper) {
        this.redis = redis;
        this.mapper = mapper;
    }

    public void save(String repositoryId, ResumePoint point) throws Exception {
        redis.opsForValue().set(RedisKeys.resume(repositoryId), mapper.writeValueAsString(point), KEPT);
    }

    /** The saved point, or a fresh one (a job that does not resume, or a point that expired). */
    public ResumePoint load(String repositoryId, boolean resume) throws Exception {
        String json = resume ? redis.opsForValue().get(RedisKeys.resume(repositoryId)) : null;
        return json == null ? new ResumePoint() : mapper.readValue(json, ResumePoint.class);
    }

    public void clear(String repositoryId) {
        redis.delete(RedisKeys.resume(repositoryId));
    }
}
