package io.gitcollector.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.identity.InvalidRepositoryUrlException;
import io.gitcollector.identity.PlatformRegistry;
import io.gitcollector.jobs.CollectionSchedule;
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
    private final CollectionSchedule schedule;
    private final ObjectMapper mapper;
    private final ApiRequests requests;
    private final Clock clock;

    public RepositoryRequests(PlatformRegistry platforms, ScheduleRegistrations registrations, CollectionSchedule schedule,
                              ObjectMapper mapper, ApiRequests requests, Clock clock) {
        this.platforms = platforms;
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
            body.put("next_sync", entry.nextSync(now).toString());
            body.put("next_full_sync", entry.nextFullSync(now).map(Instant::toString).orElse(null));
            repositories.add(body);
        }
        JsonReply.send(exchange, mapper, 200, Map.of("repositories", repositories));
    }

    /** Registers a repository's schedule, and audits who asked for which and what came of it. */
    public void register(Exchange exchange) {
        RepositoryIdentity repository = null;
        String outcome = "error";
        String reason = null;
        try {
            RepositoryRegistration request = RepositoryRegistration.parse(mapper, exchange.getIn().getBody(String.class));
            repository = platforms.identify(request.url());
            ScheduleRegistrations.Result result = registrations.register(repository, request.interval(), request.fullSyncCron());
            switch (result.outcome()) {
                case CREATED -> reply(exchange, 201, result.entry());
                case UNCHANGED -> reply(exchange, 200, result.entry());
                case CONFIGURED -> {
                    reason = "repository '" + repository.url() + "' is scheduled in application.yaml (collector.repositories); "
                            + "change it there";
                    JsonReply.error(exchange, mapper, 409, "conflict", reason);
                }
                default -> {
                    reason = "repository '" + repository.url() + "' is registered already with interval "
                            + result.entry().interval() + " and full_sync_cron " + result.entry().fullSyncCron()
                            + "; DELETE /api/v1/repositories/" + repository.id() + " first to change them";
                    JsonReply.error(exchange, mapper, 409, "conflict", reason);
                }
            }
            outcome = result.outcome().name().toLowerCase();
        } catch (BadRequestException | InvalidRepositoryUrlException e) {
            reason = e.getMessage();
            outcome = "rejected";
            JsonReply.error(exchange, mapper, 400, "bad_request", reason);
        } catch (org.springframework.dao.DataAccessException e) {
            reason = "the state store (Redis) does not answer; nothing was registered";
            outcome = "unavailable";
            JsonReply.error(exchange, mapper, 503, "unavailable", reason);
        } catch (RuntimeException e) {
            reason = e.getMessage();
            throw e;
        } finally {
            requests.audit(exchange, AuditRecord.REPOSITORY_REGISTER, repository == null ? null : repository.id(),
                    repository == null ? null : repository.url(), outcome, reason);
        }
    }

    /** Removes an API-registered schedule: its runs stop at the next tick of every instance. */
    public void remove(Exchange exchange) {
        String id = exchange.getIn().getHeader("repository_id", String.class);
        String outcome = "error";
        String reason = null;
        String url = null;
        try {
            ScheduleRegistrations.Result result = registrations.remove(id);
            switch (result.outcome()) {
                case REMOVED -> {
                    url = result.entry().repositoryUrl();
                    reply(exchange, 200, result.entry());
                }
                case CONFIGURED -> {
                    reason = "repository '" + id + "' is scheduled in application.yaml (collector.repositories); remove it there";
                    JsonReply.error(exchange, mapper, 409, "conflict", reason);
                }
                default -> {
                    reason = "no repository with id '" + id + "' is registered";
                    JsonReply.error(exchange, mapper, 404, "not_found", reason);
                }
            }
            outcome = result.outcome().name().toLowerCase();
        } catch (org.springframework.dao.DataAccessException e) {
            reason = "the state store (Redis) does not answer; nothing was removed";
            outcome = "unavailable";
            JsonReply.error(exchange, mapper, 503, "unavailable", reason);
        } catch (RuntimeException e) {
            reason = e.getMessage();
            throw e;
        } finally {
            requests.audit(exchange, AuditRecord.REPOSITORY_REMOVE, id, url, outcome, reason);
        }
    }

    private void reply(Exchange exchange, int status, RegisteredRepository entry) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("repository_id", entry.repositoryId());
        body.put("repository_url", entry.repositoryUrl());
        body.put("platform", entry.platform());
        body.put("interval", entry.interval());
        body.put("full_sync_cron", entry.fullSyncCron());
        body.put("source", ScheduleEntry.API);
        body.put("registered_at", entry.registeredAt());
        schedule.nextSync(entry.repositoryId(), clock.instant()).ifPresent(next -> body.put("next_sync", next.toString()));
        JsonReply.send(exchange, mapper, status, body);
    }
}
