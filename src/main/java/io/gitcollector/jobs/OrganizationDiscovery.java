package io.gitcollector.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.gitcollector.collect.JobContext;
import io.gitcollector.collect.JobProgress;
import io.gitcollector.config.CollectorProperties.Platform;
import io.gitcollector.identity.PlatformRegistry;
import io.gitcollector.model.CollectionJob;
import io.gitcollector.model.RepositoryIdentity;
import io.gitcollector.state.RegisteredOrganization;
import io.gitcollector.state.RegisteredOrganizationStore;
import io.gitcollector.state.RegisteredRepository;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One discovery of an organization's repositories: its platform's source lists them ({@code direct:discover-<platform>},
 * a resource with {@code discover:}), each new one is scheduled with the organization's interval and cron, and one that
 * is no longer listed (deleted, moved out, archived away) is no longer scheduled. A discovery that fails changes
 * nothing: a half-read listing must not unschedule the repositories on the pages it did not read.
 */
@Component
public class OrganizationDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(OrganizationDiscovery.class);

    private final PlatformRegistry platforms;
    private final ScheduleRegistrations registrations;
    private final RegisteredOrganizationStore organizations;
    private final ProducerTemplate template;
    private final Clock clock;

    public OrganizationDiscovery(PlatformRegistry platforms, ScheduleRegistrations registrations,
                                 RegisteredOrganizationStore organizations,
                                 ProducerTemplate template, Clock clock) {
        this.platforms = platforms;
        this.registrations = registrations;
        this.organizations = organizations;
        this.template = template;
        this.clock = clock;
    }

    /** Whether the platform's source declares a discovery route (checked when an organization is registered). */
    public boolean hasSource(String platform) {
        return SourceRoutesCalls.declared(template.getCamelContext(), "discover-" + platform);
    }

    /** Discovers and reconciles; the outcome is kept for the listing, and a failure is logged, not thrown. */
    public void discover(RegisteredOrganization organization) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("discovered_at", clock.instant().toString());
        try {
            RepositoryIdentity identity = platforms.identifyOrganization(organization.organizationUrl());
            Set<RepositoryIdentity> listed = list(identity);
            int added = 0;
            Set<String> listedIds = new LinkedHashSet<>();
            Duration interval = Duration.parse(organization.interval());
            for (RepositoryIdentity repository : listed) {
                listedIds.add(repository.id());
                ScheduleRegistrations.Result result = registrations.register(repository, interval, organization.fullSyncCron(),
                        organization.organizationId());
                if (result.outcome() == ScheduleRegistrations.Outcome.CREATED) {
                    added++;
                }
            }
            int removed = 0;
            for (RegisteredRepository gone : registrations.discoveredBy(organization.organizationId())) {
                if (!listedIds.contains(gone.repositoryId())
                        && registrations.remove(gone.repositoryId()).outcome() == ScheduleRegistrations.Outcome.REMOVED) {
                    removed++;
                }
            }
            outcome.put("outcome", "completed");
            outcome.put("repositories", listed.size());
            outcome.put("added", added);
            outcome.put("removed", removed);
            LOG.info("Discovered {} repositories of {} ({}): {} new, {} no longer listed", listed.size(),
                    organization.organizationUrl(), organization.organizationId(), added, removed);
        } catch (RuntimeException e) {
            outcome.put("outcome", "failed");
            outcome.put("error", e.getMessage());
            LOG.warn("Discovery of {} ({}) failed, its repositories stay scheduled as they were: {}",
                    organization.organizationUrl(), organization.organizationId(), e.getMessage());
        }
        if (organizations.find(organization.organizationId()).isEmpty()) {
            // Removed while it was being discovered: what this discovery registered goes with it.
            registrations.discoveredBy(organization.organizationId()).forEach(r -> registrations.remove(r.repositoryId()));
            return;
        }
        organizations.recordDiscovery(organization.organizationId(), outcome);
    }

    /** The repositories the platform lists for the organization, each identified like a registered URL. */
    private Set<RepositoryIdentity> list(RepositoryIdentity organization) {
        if (!hasSource(organization.platform())) {
            throw new IllegalStateException("no route reads from direct:discover-" + organization.platform()
                    + ": the platform's source declares no discovery");
        }
        Platform platform = platforms.platform(organization.platform());
        CollectionJob job = CollectionJob.of(organization, CollectionJob.FULL, clock.instant().toString(), "discovery");
        JobContext context = new JobContext(job, platform, new JobProgress(), () -> { }, () -> { });
        Exchange result = template.send("direct:discover-" + organization.platform(),
                SourceRoutesCalls.exchange(template.getCamelContext(), context));
        if (result.getException() != null) {
            Exception e = result.getException();
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        }
        Set<RepositoryIdentity> listed = new LinkedHashSet<>();
        for (String url : context.discovered().urls()) {
            identified(url).ifPresent(listed::add);
        }
        return listed;
    }

    private Optional<RepositoryIdentity> identified(String url) {
        try {
            return Optional.of(platforms.identify(url));
        } catch (RuntimeException e) {
            LOG.warn("Discovered repository {} is not scheduled: {}", url, e.getMessage());
            return Optional.empty();
        }
    }
}
