package io.gitcollector.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.model.Backfill;
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
    private final RunnableSyncMode syncModes;

    public JobIntake(CollectionStatusStore statuses, ProducerTemplate template, ObjectMapper mapper, Clock clock,
                     RunnableSyncMode syncModes) {
        this.statuses = statuses;
        this.template = template;
        this.mapper = mapper;
        this.clock = clock;
        this.syncModes = syncModes;
    }

    /**
     * @return true if a job was queued; false if the repository was already queued or running,
     *         in which case nothing new starts
     */
    public boolean enqueue(RepositoryIdentity repository, String syncMode, String requestedBy) {
        return queue(repository, syncMode, requestedBy, null).isPresent();
    }

    /**
     * As {@link #enqueue(RepositoryIdentity, String, String)}, reading again what {@code backfill} names (null: a normal run).
     *
     * @return the sync mode queued, the one that will run ({@link RunnableSyncMode}: full for a repository never
     *         synced, whatever was asked); empty if the repository was already queued or running
     */
    public Optional<String> queue(RepositoryIdentity repository, String requestedMode, String requestedBy, Backfill backfill) {
        Instant now = clock.instant();
        String syncMode = syncModes.of(requestedMode, backfill, repository.id());
        if (!statuses.queueIfIdle(repository, syncMode, now)) {
            return Optional.empty();
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
        LOG.info("Queued {} sync of {} ({}) for {}{}", syncMode, repository.url(), repository.id(), requestedBy,
                syncMode.equals(requestedMode) ? "" : ", asked for " + requestedMode + ": never synced");
        return Optional.of(syncMode);
    }

    /** Kafka did not take the job; the caller should answer 503. */
    public static class JobNotQueuedException extends RuntimeException {
        public JobNotQueuedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
