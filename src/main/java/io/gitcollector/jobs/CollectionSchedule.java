package io.gitcollector.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.gitcollector.config.CollectorProperties;
import io.gitcollector.identity.PlatformRegistry;
import io.gitcollector.model.RepositoryIdentity;
import org.springframework.stereotype.Component;

/** The repositories configured for incremental collection on a timer, and their intervals. */
@Component
public class CollectionSchedule {

    private final Map<RepositoryIdentity, Duration> intervals = new LinkedHashMap<>();

    public CollectionSchedule(CollectorProperties properties, PlatformRegistry platforms) {
        for (CollectorProperties.ScheduledRepository repository : properties.getRepositories()) {
            RepositoryIdentity identity;
            try {
                identity = platforms.identify(repository.getUrl());
            } catch (RuntimeException e) {
                throw new IllegalStateException("collector.repositories: '" + repository.getUrl() + "': " + e.getMessage(), e);
            }
            if (repository.getInterval() == null || repository.getInterval().isNegative() || repository.getInterval().isZero()) {
                throw new IllegalStateException("collector.repositories: '" + repository.getUrl() + "' needs a positive interval");
            }
            intervals.put(identity, repository.getInterval());
        }
    }

    public Map<RepositoryIdentity, Duration> repositories() {
        return intervals;
    }

    /**
     * When a scheduled repository is next due after {@code from} (its next slot, as ScheduledRuns queues them);
     * empty if unscheduled.
     */
    public Optional<Instant> nextSync(String repositoryId, Instant from) {
        return intervals.entrySet().stream()
                .filter(e -> e.getKey().id().equals(repositoryId))
                .findFirst()
                .map(e -> ScheduleSlots.nextAfter(from, e.getValue()));
    }
}
