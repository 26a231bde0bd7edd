package io.gitcollector.collect;

import java.util.LinkedHashMap;
import java.util.Map;

import io.gitcollector.http.ApiResponse;
import io.gitcollector.state.RedisKeys;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/** Keeps the platform's quota figures of each answer: in the run's progress and at {@code git:ratelimit:…}. */
@Component
class RateLimitRecorder {

    private final StringRedisTemplate redis;

    RateLimitRecorder(StringRedisTemplate redis) {
        this.redis = redis;
    }

    void record(JobContext context, ApiResponse response) {
        Long remaining = response.longHeader(context.platform().getRateLimitRemainingHeader());
        if (remaining == null) {
            return;
        }
        context.progress().rateLimitRemaining(remaining);
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("remaining", remaining.toString());
        figures.put("api_calls", Long.toString(context.progress().apiCalls()));
        String reset = response.header(context.platform().getRateLimitResetHeader());
        if (reset != null) {
            figures.put("reset", reset);
        }
        redis.opsForHash().putAll(RedisKeys.rateLimit(context.job().platform(), context.job().repositoryId()), figures);
    }
}
