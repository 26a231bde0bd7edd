package io.gitcollector.jobs;

import java.time.Clock;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.model.CollectionJob;
import io.gitcollector.model.RepositoryIdentity;
import io.gitcollector.state.CollectionStatusStore;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Turns a trigger or a timer tick into a queued status and a job on the jobs topic, once per repository. */
@Component
public class JobIntake {

    private static final Logger LOG = LoggerFactory.getLogger(JobIntake.class);

    private final CollectionStatusStore statuses;
    private final ProducerTemplate template;
    private final ObjectMapper mapper;
    private final Clock clock;

    public JobIntake(CollectionStatusStore statuses, ProducerTemplate template, ObjectMapper mapper, Clock clock) {
        this.statuses = statuses;
        this.template = template;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * @return true if a job was queued; false if the repository was already queued or running,
     *         in which case nothing new starts
     */
    public boolean enqueue(RepositoryIdentity repository, String syncMode, String requestedBy) {
        return enqueue(repository, syncMode, requestedBy, null);
    }

    /** As {@link #enqueue(RepositoryIdentity, String, String)}, reading again what {@code backfill} names (null: a normal run). */
    public boolean enqueue(RepositoryIdentity repository, String syncMode, String requestedBy, io.gitcollector.model.Backfill backfill) {
        Instant now = clock.instant();
        if (!statuses.queueIfIdle(repository, syncMode, now)) {
            return false;
        }
        CollectionJob job = CollectionJob.of(repository, syncMode, now.toString(), requestedBy).withBackfill(backfill);
        try {
            String body = mapper.writeValueAsString(job);
            Exchange result = template.send(JobRoutes.ENQUEUE, exchange -> {
                exchange.setProperty(JobRoutes.REPOSITORY_ID, repository.id());
                exchange.getIn().setBody(body);
            });
            if (result.getException() != null) {
                throw result.getException();
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (Exception e) {
            statuses.markFailed(repository.id(), "could not queue the job: " + e.getMessage(), clock.instant(), null);
            throw new JobNotQueuedException("could not queue the job: Kafka did not accept it", e);
        }
        LOG.info("Queued {} sync of {} ({}) for {}", syncMode, repository.url(), repository.id(), requestedBy);
        return true;
    }

    /** Kafka did not take the job; the caller should answer 503. */
    public static class JobNotQueuedException extends RuntimeException {
        public JobNotQueuedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
