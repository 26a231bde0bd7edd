package io.gitcollector.jobs;

import java.time.Clock;

import io.gitcollector.model.CollectionJob;
import io.gitcollector.collect.JobContext;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.model.RepositoryIdentity;
import io.gitcollector.state.RedisKeys;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * An incremental sync asked for by a webhook whose payload is partial (a push lists at most 20 commits, and none
 * with its parents or statistics): queued at once when the repository is idle; when it is queued or running, one
 * more is queued {@code collector.webhooks.follow-up-delay} later (a running sync may have read past the change),
 * once per repository however many webhooks ask meanwhile.
 */
@Component
public class FollowUpSync {

    private static final Logger LOG = LoggerFactory.getLogger(FollowUpSync.class);

    private final JobIntake intake;
    private final DelayedJobs delayed;
    private final StringRedisTemplate redis;
    private final CollectorProperties.Webhooks settings;
    private final Clock clock;

    public FollowUpSync(JobIntake intake, DelayedJobs delayed, StringRedisTemplate redis, CollectorProperties properties,
                        Clock clock) {
        this.intake = intake;
        this.delayed = delayed;
        this.redis = redis;
        this.settings = properties.getWebhooks();
        this.clock = clock;
    }

    public void request(Exchange exchange) throws Exception {
        CollectionJob job = JobContext.from(exchange).job();
        RepositoryIdentity repository = job.repository();
        String requestedBy = job.requestedBy();
        if (intake.enqueue(repository, CollectionJob.INCREMENTAL, requestedBy)) {
            return;
        }
        Boolean first = redis.opsForValue().setIfAbsent(RedisKeys.followUp(repository.id()), requestedBy,
                settings.getFollowUpDelay());
        if (Boolean.TRUE.equals(first)) {
            delayed.schedule(CollectionJob.of(repository, CollectionJob.INCREMENTAL, clock.instant().toString(), requestedBy),
                    clock.instant().plus(settings.getFollowUpDelay()));
            LOG.info("{} is being collected: a follow-up incremental sync is queued in {}", repository.url(),
                    settings.getFollowUpDelay());
        }
    }
}
