package io.gitcollector.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.gitcollector.config.CollectorProperties;
import io.gitcollector.identity.PlatformRegistry;
import io.gitcollector.model.RepositoryIdentity;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/** The repositories collected on a schedule: incrementally every interval, fully at their cron's times. */
@Component
public class CollectionSchedule {

    private final List<ScheduleEntry> configured = new ArrayList<>();

    /** Checks every entry at start-up: a wrong one stops the service with a message naming it. */
    public CollectionSchedule(CollectorProperties properties, PlatformRegistry platforms) {
        List<CollectorProperties.ScheduledRepository> repositories = properties.getRepositories();
        for (int i = 0; i < repositories.size(); i++) {
            CollectorProperties.ScheduledRepository repository = repositories.get(i);
            String entry = "collector.repositories[" + i + "] ('" + repository.getUrl() + "')";
            RepositoryIdentity identity;
            CronExpression fullSyncCron;
            try {
                identity = platforms.identify(repository.getUrl());
                fullSyncCron = FullSyncCron.parse(repository.getFullSyncCron());
            } catch (RuntimeException e) {
                throw new IllegalStateException(entry + ": " + e.getMessage(), e);
            }
            if (repository.getInterval() == null || repository.getInterval().isNegative() || repository.getInterval().isZero()) {
                throw new IllegalStateException(entry + " needs a positive interval");
            }
            configured.add(new ScheduleEntry(identity, repository.getInterval(), fullSyncCron, ScheduleEntry.CONFIG));
        }
    }

    public List<ScheduleEntry> entries() {
        return configured;
    }

    public Optional<ScheduleEntry> find(String repositoryId) {
        return entries().stream().filter(e -> e.repository().id().equals(repositoryId)).findFirst();
    }

    /** When a scheduled repository's next run (of either kind) is due after {@code from}; empty if unscheduled. */
    public Optional<Instant> nextSync(String repositoryId, Instant from) {
        return find(repositoryId).map(entry -> entry.nextSync(from));
    }
}
