package io.gitcollector.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    /** How long a full sync's claim is kept: past it no instance's tick window holds that cron time any more. */
    private static final Duration FULL_SYNC_CLAIM = Duration.ofHours(1);

    private final CollectionSchedule schedule;
    private final ScheduleClaims claims;
    private final JobIntake intake;
    private final Clock clock;
    /** The last due time this instance tried to claim, per repository: one Redis call per slot, not per tick. */
    private final Map<String, Instant> tried = new ConcurrentHashMap<>();
    /** The end of the last tick's window: a cron time after it and up to now is due. Null before the first tick. */
    private volatile Instant lastTick;

    public ScheduledRuns(CollectionSchedule schedule, ScheduleClaims claims, JobIntake intake, Clock clock) {
        this.schedule = schedule;
        this.claims = claims;
        this.intake = intake;
        this.clock = clock;
    }

    /** The timer's tick: every scheduled repository whose run is due. */
    public void tick() {
        Instant now = clock.instant();
        // A cron time is due once, in the tick whose window holds it; the first tick starts its window now, so a
        // start-up does not catch up on full syncs of the past (another instance ran those).
        Instant since = lastTick == null ? now : lastTick;
        List<ScheduleEntry> entries;
        try {
            entries = schedule.entries();
        } catch (RuntimeException e) {
            // Redis away: the registered entries cannot be read, and no run could be claimed; the next tick tries again.
            LOG.warn("Scheduled syncs not checked: {}", e.getMessage());
            return;
        }
        for (ScheduleEntry entry : entries) {
            try {
                // The full sync first: a due incremental run then finds the repository queued, and adds nothing.
                runFullSyncIfDue(entry, since, now);
                runIfDue(entry.repository(), entry.interval(), now);
            } catch (RuntimeException e) {
                // One repository's failure (Kafka or Redis away) must not hold back the others' runs.
                LOG.warn("Scheduled sync of {} ({}) not queued: {}", entry.repository().url(), entry.repository().id(),
                        e.getMessage());
            }
        }
        lastTick = now;
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

    /** @return true if this call queued the full sync whose cron time lies after {@code since}, up to {@code now} */
    public boolean runFullSyncIfDue(ScheduleEntry entry, Instant since, Instant now) {
        Optional<Instant> due = entry.nextFullSync(since).filter(at -> !at.isAfter(now));
        if (due.isEmpty() || !claims.claim(entry.repository().id(), CollectionJob.FULL, due.get(), FULL_SYNC_CLAIM)) {
            return false;
        }
        if (intake.enqueue(entry.repository(), CollectionJob.FULL, "schedule")) {
            return true;
        }
        // Not queued again later: a full sync that waited would run into the hours it was moved away from.
        LOG.info("Scheduled full sync of {} ({}) due at {} skipped: the repository was being collected", entry.repository().url(),
                entry.repository().id(), due.get());
        return false;
    }
}
