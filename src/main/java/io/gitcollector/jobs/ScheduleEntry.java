package io.gitcollector.jobs;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import io.gitcollector.model.RepositoryIdentity;
import org.springframework.scheduling.support.CronExpression;

/**
 * One scheduled repository: incremental runs every {@code interval}, and full runs at the times of
 * {@code fullSyncCron} (null: none). Cron times are read in UTC, so every instance computes the same ones
 * whatever its own time zone.
 */
public record ScheduleEntry(RepositoryIdentity repository, Duration interval, CronExpression fullSyncCron, String source,
                            String organizationId) {

    public ScheduleEntry(RepositoryIdentity repository, Duration interval, CronExpression fullSyncCron, String source) {
        this(repository, interval, fullSyncCron, source, null);
    }

    /** Where an entry came from: application.yaml, or POST /api/v1/repositories. */
    public static final String CONFIG = "config";
    public static final String API = "api";
    /** Registered by an organization's discovery ({@code organizationId} names it). */
    public static final String DISCOVERY = "discovery";

    /** The first full sync due after {@code from}; empty without a cron. */
    public Optional<Instant> nextFullSync(Instant from) {
        if (fullSyncCron == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(fullSyncCron.next(from.atZone(ZoneOffset.UTC))).map(next -> next.toInstant());
    }

    /** The first run of either kind due after {@code from}. */
    public Instant nextSync(Instant from) {
        Instant incremental = ScheduleSlots.nextAfter(from, interval);
        return nextFullSync(from).filter(full -> full.isBefore(incremental)).orElse(incremental);
    }
}
