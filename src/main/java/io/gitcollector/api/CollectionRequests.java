package io.gitcollector.api;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.collect.RefusedSources;
import io.gitcollector.model.CollectionJob;
import io.gitcollector.identity.InvalidRepositoryUrlException;
import io.gitcollector.identity.PlatformRegistry;
import io.gitcollector.model.RepositoryIdentity;
import io.gitcollector.jobs.CollectionSchedule;
import io.gitcollector.jobs.JobIntake;
import io.gitcollector.security.AuditRecord;
import io.gitcollector.state.CollectionStatusStore;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** The handlers behind the trigger and status endpoints. */
@Component
public class CollectionRequests {

    private final PlatformRegistry platforms;
    private final JobIntake intake;
    private final CollectionStatusStore statuses;
    private final ObjectMapper mapper;
    private final ApiRequests requests;
    private final CollectionSchedule schedule;
    private final Clock clock;
    private final RefusedSources refusedSources;

    public CollectionRequests(PlatformRegistry platforms, JobIntake intake, CollectionStatusStore statuses,
                              ObjectMapper mapper, ApiRequests requests, CollectionSchedule schedule, Clock clock,
                              RefusedSources refusedSources) {
        this.refusedSources = refusedSources;
        this.schedule = schedule;
        this.clock = clock;
        this.platforms = platforms;
        this.intake = intake;
        this.statuses = statuses;
        this.mapper = mapper;
        this.requests = requests;
    }

    /** Queues a collection, and audits who asked for which repository and what came of it. */
    public void trigger(Exchange exchange) {
        RepositoryIdentity repository = null;
        String outcome = "error"; // until a branch below says otherwise: an unexpected failure is audited too
        String reason = null;
        try {
            TriggerRequest request = TriggerRequest.parse(mapper, exchange.getIn().getBody(String.class));
            repository = platforms.identify(request.repositoryUrl());
            String requested = request.fullSync() ? CollectionJob.FULL : CollectionJob.INCREMENTAL;
            Map<String, Object> body = new LinkedHashMap<>();
            Optional<String> refused = refusedSources.reasonFor(repository.platform());
            Optional<String> queued = refused.isPresent() ? Optional.empty()
                    : intake.queue(repository, requested, "api", request.backfill());
            if (refused.isPresent()) {
                // Its job could only fail: say why now, and queue nothing.
                reason = "no source for platform " + repository.platform() + ": " + refused.get();
                outcome = "rejected";
                JsonReply.error(exchange, mapper, 409, "source_refused", reason);
            } else if (queued.isPresent()) {
                // The mode that will run, which the status, the log and the events name too.
                String mode = queued.get();
                boolean changed = !mode.equals(requested);
                body.put("status", "queued");
                body.put("message", (request.backfill() != null ? "backfill (" + mode + ")" : mode) + " collection queued"
                        + (changed ? " (" + requested + " was asked for; the repository was never synced)" : ""));
                body.put("repository_url", repository.url());
                body.put("repository_id", repository.id());
                body.put("sync_mode", mode);
                if (changed) {
                    body.put("requested_sync_mode", requested);
                }
                if (request.backfill() != null) {
                    body.put("backfill", request.backfill());
                }
                JsonReply.send(exchange, mapper, 202, body);
                outcome = "queued";
            } else {
                Map<String, String> current = statuses.find(repository.id()).orElse(Map.of());
                body.put("status", current.getOrDefault("status", "queued"));
                body.put("message", "a collection of this repository is already " + current.getOrDefault("status", "queued")
                        + "; no new one was started");
                body.put("repository_url", repository.url());
                body.put("repository_id", repository.id());
                body.put("sync_mode", current.get("sync_mode"));
                JsonReply.send(exchange, mapper, 200, body);
                outcome = "already_" + current.getOrDefault("status", "queued");
            }
        } catch (BadRequestException | InvalidRepositoryUrlException e) {
            reason = e.getMessage();
            outcome = "rejected";
            JsonReply.error(exchange, mapper, 400, "bad_request", reason);
        } catch (JobIntake.JobNotQueuedException e) {
            reason = e.getMessage();
            outcome = "unavailable";
            JsonReply.error(exchange, mapper, 503, "unavailable", reason);
        } catch (org.springframework.dao.DataAccessException e) {
            // Without Redis no status can be kept and no job safely queued: nothing is queued.
            reason = "the state store (Redis) does not answer; nothing was queued";
            outcome = "unavailable";
            JsonReply.error(exchange, mapper, 503, "unavailable", reason);
        } catch (RuntimeException e) {
            reason = e.getMessage();
            throw e;
        } finally {
            requests.audit(exchange, AuditRecord.TRIGGER, repository == null ? null : repository.id(),
                    repository == null ? null : repository.url(), outcome, reason);
        }
    }

    public void statusById(Exchange exchange) {
        String id = exchange.getIn().getHeader("repository_id", String.class);
        replyStatus(exchange, id, "no repository with id '" + id + "' is known");
    }

    public void statusByUrl(Exchange exchange) {
        String url = exchange.getIn().getHeader("repository_url", String.class);
        if (url == null || url.isBlank()) {
            JsonReply.error(exchange, mapper, 400, "bad_request",
                    "give a repository id (/api/v1/collect/status/{repository_id}) or ?repository_url=");
            return;
        }
        try {
            RepositoryIdentity repository = platforms.identify(url);
            replyStatus(exchange, repository.id(), "repository '" + repository.url() + "' has never been collected");
        } catch (InvalidRepositoryUrlException e) {
            JsonReply.error(exchange, mapper, 400, "bad_request", e.getMessage());
        }
    }

    private void replyStatus(Exchange exchange, String repositoryId, String notFound) {
        Optional<Map<String, String>> status = repositoryId == null ? Optional.empty() : statuses.find(repositoryId);
        if (status.isEmpty()) {
            JsonReply.error(exchange, mapper, 404, "not_found", notFound);
            return;
        }
        Map<String, String> s = status.get();
        Map<String, Object> body = new LinkedHashMap<>();
        for (String field : new String[] {"repository_id", "repository_url", "platform", "status", "sync_mode",
                "last_sync", "next_sync", "queued_at", "started_at", "finished_at"}) {
            body.put(field, s.get(field));
        }
        // Computed from the schedule as it is now, never the stored one: that was written when a run ended, and is
        // past once the next slot's run was claimed by another instance or found the repository busy, or once the
        // repository left the schedule (removed from application.yaml): unscheduled, it has no next run.
        body.put("next_sync", schedule.nextSync(repositoryId, clock.instant()).map(Object::toString).orElse(null));
        if (s.containsKey("progress")) {
            try {
                body.put("progress", mapper.readTree(s.get("progress")));
            } catch (Exception e) {
                body.put("progress", null);
            }
        }
        // A run paused for a rate limit says when it goes on, and why.
        for (String field : java.util.List.of("retry_at", "waiting_for")) {
            if (s.containsKey(field)) {
                body.put(field, s.get(field));
            }
        }
        if (s.containsKey("last_error")) {
            body.put("last_error", s.get("last_error"));
        }
        JsonReply.send(exchange, mapper, 200, body);
    }
}
