package io.gitcollector.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.collect.CollectionJob;
import io.gitcollector.state.CollectionStatusStore;
import io.gitcollector.state.RedisKeys;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Jobs that stopped to wait for a rate limit, in Redis ({@code git:delayed_jobs}) rather than in a
 * thread: any instance puts each back on the jobs topic when its time comes.
 */
@Component
public class DelayedJobs {

    private static final Logger LOG = LoggerFactory.getLogger(DelayedJobs.class);

    /** Takes the jobs that are due, atomically, so two instances never both re-queue one. */
    private static final RedisScript<List> TAKE_DUE = RedisScript.of("""
            local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 50)
            if #due > 0 then redis.call('ZREM', KEYS[1], unpack(due)) end
            return due
            """, List.class);

    private final StringRedisTemplate redis;
    private final CollectionStatusStore statuses;
    private final ProducerTemplate template;
    private final ObjectMapper mapper;
    private final Clock clock;

    public DelayedJobs(StringRedisTemplate redis, CollectionStatusStore statuses, ProducerTemplate template,
                       ObjectMapper mapper, Clock clock) {
        this.redis = redis;
        this.statuses = statuses;
        this.template = template;
        this.mapper = mapper;
        this.clock = clock;
    }

    public void schedule(CollectionJob job, Instant at) throws Exception {
        redis.opsForZSet().add(RedisKeys.DELAYED_JOBS, mapper.writeValueAsString(job), at.toEpochMilli());
    }

    /** Puts the jobs whose time has come back on the jobs topic (a timer calls this every second). */
    @SuppressWarnings("unchecked")
    public void requeueDue() throws Exception {
        List<String> due = (List<String>) redis.execute(TAKE_DUE, List.of(RedisKeys.DELAYED_JOBS),
                Long.toString(clock.instant().toEpochMilli()));
        if (due == null) {
            return;
        }
        for (String json : due) {
            CollectionJob job = mapper.readValue(json, CollectionJob.class);
            Exchange result = template.send(JobRoutes.ENQUEUE, exchange -> {
                exchange.setProperty(JobRoutes.REPOSITORY_ID, job.repositoryId());
                exchange.getIn().setBody(json);
            });
            if (result.getException() != null) {
                // Kafka did not take it: back in the set, for the next tick.
                redis.opsForZSet().add(RedisKeys.DELAYED_JOBS, json, clock.instant().toEpochMilli());
                LOG.warn("Could not re-queue the waiting job of {}: {}", job.repositoryId(), result.getException().getMessage());
                return;
            }
            statuses.markRequeued(job.repositoryId(), clock.instant());
            LOG.info("Re-queued the {} sync of {} ({}), which waited for a rate limit", job.syncMode(), job.repositoryUrl(),
                    job.repositoryId());
        }
    }
}
