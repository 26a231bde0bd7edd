package io.gitcollector.jobs;

import java.time.Clock;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.model.CollectionJob;
import io.gitcollector.state.CollectionStatusStore;
import io.gitcollector.state.RedisKeys;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Jobs that stopped to wait for a rate limit, in Redis ({@code git:delayed_jobs}) rather than in a
 * thread: any instance puts each back on the jobs topic when its time comes.
 */
@Component
public class DelayedJobs {

    private static final Logger LOG = LoggerFactory.getLogger(DelayedJobs.class);


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
    public void requeueDue() throws Exception {
        var due = redis.opsForZSet().rangeByScore(RedisKeys.DELAYED_JOBS, Double.NEGATIVE_INFINITY,
                clock.instant().toEpochMilli(), 0, 50);
        if (due == null) {
            return;
        }
        for (String json : due) {
            // Claimed by whichever instance removes it: two instances never both re-queue one job.
            Long claimed = redis.opsForZSet().remove(RedisKeys.DELAYED_JOBS, json);
            if (claimed == null || claimed == 0) {
                continue;
            }
            CollectionJob job;
            try {
                job = mapper.readValue(json, CollectionJob.class);
            } catch (Exception e) {
                LOG.error("Dropped a delayed job that is not a collection job: {}", e.getMessage());
                continue;
            }
            // Queued before it is sent, so the status cannot overwrite what the run it starts writes.
            statuses.markRequeued(job.repositoryId(), clock.instant());
            Exchange result = template.send(JobRoutes.ENQUEUE, exchange -> {
                exchange.setProperty(JobRoutes.REPOSITORY_ID, job.repositoryId());
                exchange.getIn().setBody(json);
            });
            if (result.getException() != null) {
                // Kafka did not take it: waiting again, back in the set for a later tick.
                statuses.markWaiting(job.repositoryId(), "Kafka did not take the job back", clock.instant().plusSeconds(5));
                redis.opsForZSet().add(RedisKeys.DELAYED_JOBS, json, clock.instant().plusSeconds(5).toEpochMilli());
                LOG.warn("Could not re-queue the waiting job of {}: {}", job.repositoryId(), result.getException().getMessage());
                continue;
            }
            LOG.info("Re-queued the {} sync of {} ({}), which waited for a rate limit", job.syncMode(), job.repositoryUrl(),
                    job.repositoryId());
        }
    }
}
