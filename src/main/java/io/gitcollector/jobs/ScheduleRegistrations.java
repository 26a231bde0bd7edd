package io.gitcollector.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.gitcollector.model.RepositoryIdentity;
import io.gitcollector.state.CollectionStatusStore;
import io.gitcollector.state.RegisteredRepository;
import io.gitcollector.state.RegisteredRepositoryStore;
import org.springframework.stereotype.Component;

/** Adds and removes the repository schedules kept in Redis; application.yaml's stay as they are. */
@Component
public class ScheduleRegistrations {

    public enum Outcome { CREATED, UNCHANGED, CONFIGURED, REGISTERED_OTHERWISE, REMOVED, NOT_FOUND }

    public record Result(Outcome outcome, RegisteredRepository entry) {
    }

    private final RegisteredRepositoryStore store;
    private final CollectionSchedule schedule;
    private final CollectionStatusStore statuses;
    private final Clock clock;

    public ScheduleRegistrations(RegisteredRepositoryStore store, CollectionSchedule schedule, CollectionStatusStore statuses,
                                 Clock clock) {
        this.store = store;
        this.schedule = schedule;
        this.statuses = statuses;
        this.clock = clock;
    }

    /** {@code fullSyncCron} as given; null, "" or "-" for none (checked by the caller with FullSyncCron.parse). */
    public Result register(RepositoryIdentity repository, Duration interval, String fullSyncCron) {
        return register(repository, interval, fullSyncCron, null);
    }

    /** As {@link #register(RepositoryIdentity, Duration, String)}, for a repository an organization's discovery found. */
    public Result register(RepositoryIdentity repository, Duration interval, String fullSyncCron, String organizationId) {
        Optional<ScheduleEntry> configured = schedule.configured(repository.id());
        if (configured.isPresent()) {
            return new Result(Outcome.CONFIGURED, null);
        }
        Instant now = clock.instant();
        String cron = FullSyncCron.parse(fullSyncCron) == null ? null : fullSyncCron.trim();
        RegisteredRepository entry = new RegisteredRepository(repository.id(), repository.url(), repository.platform(),
                interval.toString(), cron, now.toString(), organizationId);
        if (store.addIfAbsent(entry)) {
            // The status shows it as scheduled before its first run.
            statuses.registerScheduled(repository, ScheduleSlots.nextAfter(now, interval));
            return new Result(Outcome.CREATED, entry);
        }
        Optional<RegisteredRepository> existing = store.find(repository.id());
        if (existing.isEmpty()) { // removed in between: store it after all
            return register(repository, interval, fullSyncCron, organizationId);
        }
        return new Result(existing.get().sameScheduleAs(entry) ? Outcome.UNCHANGED : Outcome.REGISTERED_OTHERWISE,
                existing.get());
    }

    /** The repositories an organization's discovery registered. */
    public java.util.List<RegisteredRepository> discoveredBy(String organizationId) {
        return store.all().stream().filter(entry -> organizationId.equals(entry.organizationId())).toList();
    }

    public Result remove(String repositoryId) {
        if (schedule.configured(repositoryId).isPresent()) {
            return new Result(Outcome.CONFIGURED, null);
        }
        Optional<RegisteredRepository> existing = store.find(repositoryId);
        if (existing.isPresent() && store.remove(repositoryId)) {
            statuses.forgetSchedule(repositoryId);
            return new Result(Outcome.REMOVED, existing.get());
        }
        return new Result(Outcome.NOT_FOUND, null);
    }
}
