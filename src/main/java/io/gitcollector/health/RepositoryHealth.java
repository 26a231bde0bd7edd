package io.gitcollector.health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.model.CollectionJob;
import io.gitcollector.model.UtcTimes;
import io.gitcollector.publish.EventEnvelopes;
import io.gitcollector.publish.EventPublisher;
import io.gitcollector.publish.EventTopics;
import io.gitcollector.state.RedisKeys;
import io.gitcollector.state.VersionChain;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Computes a repository's health figures from its {@link HealthLedger} after each sync and
 * publishes them as {@code repository_health_computed}. Unchanged figures are not published again;
 * changed ones are, even when they return to an earlier state ({@link VersionChain}).
 */
@Component
public class RepositoryHealth {

    public static final String EVENT_TYPE = "repository_health_computed";

    private final StringRedisTemplate redis;
    private final EventPublisher publisher;
    private final ObjectMapper mapper;
    private final VersionChain versions;

    public RepositoryHealth(StringRedisTemplate redis, EventPublisher publisher, ObjectMapper mapper, VersionChain versions) {
        this.versions = versions;
        this.redis = redis;
        this.publisher = publisher;
        this.mapper = mapper;
    }

    /** @return 1 if the figures were published, 0 if the same figures had been */
    public int publish(CollectionJob job, Instant now) {
        ObjectNode data = compute(job.repositoryId(), now);
        List<String> identity = List.of(job.repositoryId());
        List<String> hash = List.of(EventEnvelopes.sha256(data.toString()));
        List<String> version = versions.versions(job.repositoryId(), "health", identity, hash);
        String eventId = EventEnvelopes.eventId(job.repositoryId(), "health", job.repositoryId(), version.get(0));
        ObjectNode envelope = EventEnvelopes.envelope(mapper, eventId, EVENT_TYPE, job, data, now);
        int published = publisher.publishAll(EventTopics.topicOf(EVENT_TYPE).orElseThrow(), List.of(envelope));
        versions.remember(job.repositoryId(), "health", identity, hash, version);
        return published;
    }

    ObjectNode compute(String repositoryId, Instant now) {
        String commitsKey = RedisKeys.health(repositoryId, "commits");
        long windowStart = now.minus(HealthLedger.COMMIT_WINDOW).getEpochSecond();
        // Commits that left the 30-day window are not needed any more.
        redis.opsForZSet().removeRangeByScore(commitsKey, Double.NEGATIVE_INFINITY, windowStart - 1);
        Long recentCommits = redis.opsForZSet().count(commitsKey, windowStart, now.getEpochSecond());
        Collection<Object> pulls = redis.opsForHash().values(RedisKeys.health(repositoryId, "pull_requests"));
        Collection<Object> issues = redis.opsForHash().values(RedisKeys.health(repositoryId, "issues"));
        String lastCommit = redis.opsForValue().get(RedisKeys.health(repositoryId, "last_commit_at"));

        List<Double> mergeHours = new ArrayList<>();
        long openPulls = 0;
        for (Object state : pulls) {
            String s = state.toString();
            if (s.equals("open")) {
                openPulls++;
            } else if (s.startsWith("merged:") && s.length() > "merged:".length()) {
                mergeHours.add(Double.parseDouble(s.substring("merged:".length())));
            }
        }
        ObjectNode data = mapper.createObjectNode();
        data.put("open_pull_requests", openPulls);
        data.put("open_issues", issues.stream().filter(s -> s.toString().equals("open")).count());
        data.put("commits_last_30_days", recentCommits == null ? 0 : recentCommits);
        Double median = median(mergeHours);
        if (median == null) {
            data.putNull("median_pr_merge_hours");
        } else {
            data.put("median_pr_merge_hours", Math.round(median * 100) / 100.0);
        }
        if (lastCommit == null) {
            data.putNull("last_commit_at");
        } else {
            data.put("last_commit_at", UtcTimes.format(Instant.ofEpochMilli(Long.parseLong(lastCommit))));
        }
        return data;
    }

    static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }
}
