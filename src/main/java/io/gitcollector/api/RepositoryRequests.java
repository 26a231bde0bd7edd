package io.gitcollector.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.identity.PlatformRegistry;
import io.gitcollector.jobs.CollectionSchedule;
import io.gitcollector.jobs.OrganizationDiscovery;
import io.gitcollector.jobs.OrganizationRegistrations;
import io.gitcollector.jobs.ScheduleEntry;
import io.gitcollector.jobs.ScheduleRegistrations;
import io.gitcollector.model.RepositoryIdentity;
import io.gitcollector.security.AuditRecord;
import io.gitcollector.state.RegisteredRepository;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** The handlers behind /api/v1/repositories: the scheduled repositories, listed, registered and removed. */
@Component
public class RepositoryRequests {

    private final PlatformRegistry platforms;
    private final ScheduleRegistrations registrations;
    private final OrganizationRegistrations organizations;
    private final OrganizationDiscovery discovery;
    private final io.gitcollector.state.RegisteredOrganizationStore organizationStore;
    private final CollectionSchedule schedule;
    private final ObjectMapper mapper;
    private final ApiRequests requests;
    private final Clock clock;

    public RepositoryRequests(PlatformRegistry platforms, ScheduleRegistrations registrations,
                              OrganizationRegistrations organizations, OrganizationDiscovery discovery,
                              io.gitcollector.state.RegisteredOrganizationStore organizationStore, CollectionSchedule schedule,
                              ObjectMapper mapper, ApiRequests requests, Clock clock) {
        this.platforms = platforms;
        this.organizations = organizations;
        this.discovery = discovery;
        this.organizationStore = organizationStore;
        this.registrations = registrations;
        this.schedule = schedule;
        this.mapper = mapper;
        this.requests = requests;
        this.clock = clock;
    }

    /** Every scheduled repository, application.yaml's and the API's, each with its source and next run. */
    public void list(Exchange exchange) {
        Instant now = clock.instant();
        List<Map<String, Object>> repositories = new ArrayList<>();
        for (ScheduleEntry entry : schedule.entries()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("repository_id", entry.repository().id());
            body.put("repository_url", entry.repository().url());
            body.put("platform", entry.repository().platform());
            body.put("interval", entry.interval().toString());
            body.put("full_sync_cron", entry.fullSyncCron() == null ? null : entry.fullSyncCron().toString());
            body.put("source", entry.source());
            body.put("organization_id", entry.organizationId());
            body.put("next_sync", entry.nextSync(now).toString());
            body.put("next_full_sync", entry.nextFullSync(now).map(Instant::toString).orElse(null));
            repositories.add(body);
        }
        List<Map<String, Object>> registered = new ArrayList<>();
        for (io.gitcollector.state.RegisteredOrganization organization : organizations.all()) {
            Map<String, Object> body = organizationBody(organization);
            body.put("last_discovery", organizationStore.lastDiscovery(organization.organizationId()).orElse(null));
            registered.add(body);
        }
        JsonReply.send(exchange, mapper, 200, Map.of("repositories", repositories, "organizations", registered));
    }

    /** Registers a repository's schedule, or an organization's, and audits who asked for which and what came of it. */
    public void register(Exchange exchange) {
        AuditedWrite.run(exchange, mapper, requests, AuditRecord.REPOSITORY_REGISTER, "nothing was registered", write -> {
            RepositoryRegistration request = RepositoryRegistration.parse(mapper, exchange.getIn().getBody(String.class));
            if (namesOrganization(request)) {
                registerOrganization(write, request);
                return;
            }
            RepositoryIdentity repository = platforms.identify(request.url());
            write.about(repository.id(), repository.url());
            ScheduleRegistrations.Result result = registrations.register(repository, request.interval(), request.fullSyncCron());
            switch (result.outcome()) {
                case CREATED -> write.reply(201, repositoryBody(result.entry()));
                case UNCHANGED -> write.reply(200, repositoryBody(result.entry()));
                case CONFIGURED -> write.refuse(409, "conflict", "repository '" + repository.url()
                        + "' is scheduled in application.yaml (collector.repositories); change it there");
                default -> write.refuse(409, "conflict", "repository '" + repository.url() + "' is registered already with interval "
                        + result.entry().interval() + " and full_sync_cron " + result.entry().fullSyncCron()
                        + "; DELETE /api/v1/repositories/" + repository.id() + " first to change them");
            }
            write.outcome(result.outcome().name().toLowerCase());
        });
    }

    /** An explicit kind decides; otherwise a URL whose path cannot name a repository names an organization. */
    private boolean namesOrganization(RepositoryRegistration request) {
        if (request.kind() != null) {
            return request.kind().equals(RepositoryRegistration.ORGANIZATION);
        }
        return !platforms.namesRepository(request.url());
    }

    /**
     * Registers an organization, group or workspace: refused (400) on a platform whose source declares no
     * discovery; its first discovery starts at the scheduler's next tick.
     */
    private void registerOrganization(AuditedWrite write, RepositoryRegistration request) {
        write.action(AuditRecord.ORGANIZATION_REGISTER);
        write.about(null, request.url());
        RepositoryIdentity organization = platforms.identifyOrganization(request.url());
        write.about(null, organization.url());
        if (!discovery.hasSource(organization.platform())) {
            throw new BadRequestException(organization.platform() + "'s source declares no discovery (no route reads from "
                    + "direct:discover-" + organization.platform() + "): register its repositories one by one");
        }
        OrganizationRegistrations.Result result = organizations.register(organization, request.interval(),
                request.fullSyncCron(), request.discoveryInterval());
        switch (result.outcome()) {
            case CREATED -> write.reply(201, organizationBody(result.entry()));
            case UNCHANGED -> write.reply(200, organizationBody(result.entry()));
            default -> write.refuse(409, "conflict", "organization '" + organization.url() + "' is registered already with interval "
                    + result.entry().interval() + ", full_sync_cron " + result.entry().fullSyncCron()
                    + " and discovery_interval " + result.entry().discoveryInterval() + "; DELETE /api/v1/repositories/"
                    + organization.id() + " first to change them");
        }
        write.outcome(result.outcome().name().toLowerCase());
    }

    private static Map<String, Object> organizationBody(io.gitcollector.state.RegisteredOrganization entry) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("organization_id", entry.organizationId());
        body.put("organization_url", entry.organizationUrl());
        body.put("platform", entry.platform());
        body.put("kind", RepositoryRegistration.ORGANIZATION);
        body.put("interval", entry.interval());
        body.put("full_sync_cron", entry.fullSyncCron());
        body.put("discovery_interval", entry.discoveryInterval());
        body.put("source", ScheduleEntry.API);
        body.put("registered_at", entry.registeredAt());
        return body;
    }

    /** Removes an API-registered schedule, or an organization: runs stop at the next tick of every instance. */
    public void remove(Exchange exchange) {
        String id = exchange.getIn().getHeader("repository_id", String.class);
        if (id != null && id.startsWith("org-")) {
            AuditedWrite.run(exchange, mapper, requests, AuditRecord.ORGANIZATION_REMOVE, "nothing was removed",
                    write -> removeOrganization(write, id));
            return;
        }
        AuditedWrite.run(exchange, mapper, requests, AuditRecord.REPOSITORY_REMOVE, "nothing was removed", write -> {
            write.about(id, null);
            ScheduleRegistrations.Result result = registrations.remove(id);
            switch (result.outcome()) {
                case REMOVED -> {
                    write.about(id, result.entry().repositoryUrl());
                    write.reply(200, repositoryBody(result.entry()));
                }
                case CONFIGURED -> write.refuse(409, "conflict", "repository '" + id
                        + "' is scheduled in application.yaml (collector.repositories); remove it there");
                default -> write.refuse(404, "not_found", "no repository with id '" + id + "' is registered");
            }
            write.outcome(result.outcome().name().toLowerCase());
        });
    }

    /** Removes an organization and unschedules the repositories its discoveries registered (listed in the answer). */
    private void removeOrganization(AuditedWrite write, String id) {
        OrganizationRegistrations.Result result = organizations.remove(id);
        if (result.outcome() == ScheduleRegistrations.Outcome.REMOVED) {
            write.about(null, result.entry().organizationUrl());
            Map<String, Object> body = organizationBody(result.entry());
            body.put("unscheduled", result.repositories().stream().map(RegisteredRepository::repositoryId).toList());
            write.reply(200, body);
        } else {
            write.refuse(404, "not_found", "no organization with id '" + id + "' is registered");
        }
        write.outcome(result.outcome().name().toLowerCase());
    }

    private Map<String, Object> repositoryBody(RegisteredRepository entry) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("repository_id", entry.repositoryId());
        body.put("repository_url", entry.repositoryUrl());
        body.put("platform", entry.platform());
        body.put("interval", entry.interval());
        body.put("full_sync_cron", entry.fullSyncCron());
        body.put("source", ScheduleEntry.API);
        body.put("registered_at", entry.registeredAt());
        schedule.nextSync(entry.repositoryId(), clock.instant()).ifPresent(next -> body.put("next_sync", next.toString()));
        return body;
    }
}
