package io.gitcollector.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.gitcollector.config.CollectorProperties;
import io.gitcollector.identity.PlatformRegistry;
import io.gitcollector.model.RepositoryIdentity;
import io.gitcollector.state.RegisteredRepository;
import io.gitcollector.state.RegisteredRepositoryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * The repositories collected on a schedule: incrementally every interval, fully at their cron's times. Those of
 * application.yaml, and those registered over the API, read from Redis at each call so that every instance
 * schedules an entry added or removed on any of them, without a restart.
 */
@Component
public class CollectionSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(CollectionSchedule.class);

    private final List<ScheduleEntry> configured = new ArrayList<>();
    private final PlatformRegistry platforms;
    private final RegisteredRepositoryStore registered;
    /** Entries read from Redis, by what was read: identifying and parsing each of them every second is wasted. */
    private final Map<RegisteredRepository, Optional<ScheduleEntry>> parsed = new ConcurrentHashMap<>();

    /** Checks every entry at start-up: a wrong one stops the service with a message naming it. */
    public CollectionSchedule(CollectorProperties properties, PlatformRegistry platforms, RegisteredRepositoryStore registered) {
        this.platforms = platforms;
        this.registered = registered;
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

    /** The configured entries, then the registered ones (one configured for the same repository wins). */
    public List<ScheduleEntry> entries() {
        List<ScheduleEntry> entries = new ArrayList<>(configured);
        List<RegisteredRepository> current = registered.all();
        for (RegisteredRepository entry : current) {
            if (configured(entry.repositoryId()).isEmpty()) {
                parsed.computeIfAbsent(entry, this::toEntry).ifPresent(entries::add);
            }
        }
        parsed.keySet().retainAll(current); // removed entries' are not kept for ever
        return entries;
    }

    public Optional<ScheduleEntry> configured(String repositoryId) {
        return configured.stream().filter(e -> e.repository().id().equals(repositoryId)).findFirst();
    }

    /** A registered entry, checked again: the platforms' settings may have changed since it was stored. */
    private Optional<ScheduleEntry> toEntry(RegisteredRepository entry) {
        try {
            return Optional.of(new ScheduleEntry(platforms.identify(entry.repositoryUrl()), Duration.parse(entry.interval()),
                    FullSyncCron.parse(entry.fullSyncCron()), entry.organizationId() == null ? ScheduleEntry.API : ScheduleEntry.DISCOVERY,
                    entry.organizationId()));
        } catch (RuntimeException e) {
            LOG.warn("Registered repository {} ({}) is not scheduled: {}", entry.repositoryUrl(), entry.repositoryId(), e.getMessage());
            return Optional.empty();
        }
    }

    public Optional<ScheduleEntry> find(String repositoryId) {
        return entries().stream().filter(e -> e.repository().id().equals(repositoryId)).findFirst();
    }

    /** When a scheduled repository's next run (of either kind) is due after {@code from}; empty if unscheduled. */
    public Optional<Instant> nextSync(String repositoryId, Instant from) {
        return find(repositoryId).map(entry -> entry.nextSync(from));
    }
}
