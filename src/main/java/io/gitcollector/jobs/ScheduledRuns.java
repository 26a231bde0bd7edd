package io.gitcollector.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.gitcollector.model.CollectionJob;
import io.gitcollector.model.RepositoryIdentity;
import io.gitcollector.state.ScheduleClaims;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Queues the scheduled runs that are due, once cluster-wide: each instance ticks, and a due run is queued by
 * whichever instance claims it first in Redis. Without the claim, every instance queued every run, and one that
 * ended before another instance's timer fired was simply run again.
 */
@Component
public class ScheduledRuns {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRuns.class);
    /** A claim outlives its slot by this much, for instances whose clocks lag. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final CollectionSchedule schedule;
    private final ScheduleClaims claims;
    private final JobIntake intake;
    private final Clock clock;
    /** The last due time this instance tried to claim, per repository: one Redis call per slot, not per tick. */
    private final Map<String, Instant> tried = new ConcurrentHashMap<>();

    public ScheduledRuns(CollectionSchedule schedule, ScheduleClaims claims, JobIntake intake, Clock clock) {
        this.schedule = schedule;
        this.claims = claims;
        this.intake = intake;
        this.clock = clock;
    }

    /** The timer's tick: every scheduled repository whose run is due. */
    public void tick() {
        Instant now = clock.instant();
        schedule.repositories().forEach((repository, interval) -> {
            try {
                runIfDue(repository, interval, now);
            } catch (RuntimeException e) {
                // One repository's failure (Kafka or Redis away) must not hold back the others' runs.
                LOG.warn("Scheduled sync of {} ({}) not queued: {}", repository.url(), repository.id(), e.getMessage());
            }
        });
    }

    /** @return true if this call queued the incremental run due at {@code now}'s slot */
    public boolean runIfDue(RepositoryIdentity repository, Duration interval, Instant now) {
        Instant due = ScheduleSlots.dueAt(now, interval);
        if (due.equals(tried.put(repository.id(), due))) {
            return false;
        }
        if (!claims.claim(repository.id(), CollectionJob.INCREMENTAL, due, interval.plus(CLOCK_SKEW))) {
            return false;
        }
        return intake.enqueue(repository, CollectionJob.INCREMENTAL, "schedule");
    }
}
