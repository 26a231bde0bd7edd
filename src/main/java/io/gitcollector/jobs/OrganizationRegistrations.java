package io.gitcollector.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.gitcollector.model.RepositoryIdentity;
import io.gitcollector.state.RegisteredOrganization;
import io.gitcollector.state.RegisteredOrganizationStore;
import io.gitcollector.state.RegisteredRepository;
import org.springframework.stereotype.Component;

/**
 * Adds and removes the organizations (groups, workspaces) whose repositories are discovered: the first discovery
 * starts at the scheduler's next tick; removing one unschedules every repository its discoveries registered.
 */
@Component
public class OrganizationRegistrations {

    private final RegisteredOrganizationStore store;
    private final ScheduleRegistrations repositories;
    private final Clock clock;

    public OrganizationRegistrations(RegisteredOrganizationStore store, ScheduleRegistrations repositories, Clock clock) {
        this.store = store;
        this.repositories = repositories;
        this.clock = clock;
    }

    public record Result(ScheduleRegistrations.Outcome outcome, RegisteredOrganization entry, List<RegisteredRepository> repositories) {
    }

    /** {@code fullSyncCron} as given; null, "" or "-" for none (checked by the caller with FullSyncCron.parse). */
    public Result register(RepositoryIdentity organization, Duration interval, String fullSyncCron, Duration discoveryInterval) {
        String cron = FullSyncCron.parse(fullSyncCron) == null ? null : fullSyncCron.trim();
        RegisteredOrganization entry = new RegisteredOrganization(organization.id(), organization.url(), organization.platform(),
                interval.toString(), cron, discoveryInterval.toString(), clock.instant().toString());
        if (store.addIfAbsent(entry)) {
            return new Result(ScheduleRegistrations.Outcome.CREATED, entry, List.of());
        }
        Optional<RegisteredOrganization> existing = store.find(organization.id());
        if (existing.isEmpty()) { // removed in between: store it after all
            return register(organization, interval, fullSyncCron, discoveryInterval);
        }
        return new Result(existing.get().sameScheduleAs(entry) ? ScheduleRegistrations.Outcome.UNCHANGED
                : ScheduleRegistrations.Outcome.REGISTERED_OTHERWISE, existing.get(), List.of());
    }

    /** Removes the organization, then every repository its discoveries registered (listed in the result). */
    public Result remove(String organizationId) {
        Optional<RegisteredOrganization> existing = store.find(organizationId);
        if (existing.isEmpty() || !store.remove(organizationId)) {
            return new Result(ScheduleRegistrations.Outcome.NOT_FOUND, null, List.of());
        }
        List<RegisteredRepository> discovered = repositories.discoveredBy(organizationId);
        discovered.forEach(repository -> repositories.remove(repository.repositoryId()));
        return new Result(ScheduleRegistrations.Outcome.REMOVED, existing.get(), discovered);
    }

    public List<RegisteredOrganization> all() {
        return store.all();
    }
}
