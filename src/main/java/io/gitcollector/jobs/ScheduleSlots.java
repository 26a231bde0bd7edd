package io.gitcollector.jobs;

import java.time.Duration;
import java.time.Instant;

/**
 * An interval cut into slots counted from the epoch. Every instance computes the same slots from its own clock,
 * so the slot's start can name a scheduled run cluster-wide (the claim key) without the instances talking.
 */
public final class ScheduleSlots {

    private ScheduleSlots() {
    }

    /** The start of the slot {@code now} falls in: the due time of the run that slot asks for. */
    public static Instant dueAt(Instant now, Duration interval) {
        long every = interval.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), every) * every);
    }

    /** The next due time strictly after {@code from}: never in the past when {@code from} is now. */
    public static Instant nextAfter(Instant from, Duration interval) {
        return dueAt(from, interval).plus(interval);
    }
}
