package io.gitcollector.api;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.collect.DeadLetterReplay;
import io.gitcollector.security.AuditRecord;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The operators' endpoint that replays dead letters once their cause is fixed. */
@Component
public class DeadLetterRequests {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRequests.class);
    private static final Pattern REPOSITORY_ID = Pattern.compile("repo-[0-9a-f]{16}");

    private final DeadLetterReplay replay;
    private final ObjectMapper mapper;
    private final ApiRequests requests;

    public DeadLetterRequests(DeadLetterReplay replay, ObjectMapper mapper, ApiRequests requests) {
        this.replay = replay;
        this.mapper = mapper;
        this.requests = requests;
    }

    /** Replays, and audits who replayed which repository's letters (all when none is named) and the result. */
    public void replay(Exchange exchange) {
        String repositoryId = exchange.getIn().getHeader("repository_id", String.class);
        if (repositoryId != null && !REPOSITORY_ID.matcher(repositoryId).matches()) {
            String reason = "repository_id must be repo- and 16 hex digits, as the trigger returned";
            JsonReply.error(exchange, mapper, 400, "bad_request", reason);
            requests.audit(exchange, AuditRecord.REPLAY, null, null, "rejected", reason);
            return;
        }
        try {
            Map<String, Object> result = replay.replay(repositoryId);
            JsonReply.send(exchange, mapper, 200, result);
            requests.audit(exchange, AuditRecord.REPLAY, repositoryId, null, "completed", "read " + result.get("dead_letters_read")
                    + ", published " + result.get("events_published") + ", still failing " + result.get("still_failing"));
        } catch (Exception e) {
            LOG.warn("Dead-letter replay failed: {}", e.getMessage());
            String reason = "could not replay the dead letters: " + e.getMessage();
            JsonReply.error(exchange, mapper, 503, "unavailable", reason);
            requests.audit(exchange, AuditRecord.REPLAY, repositoryId, null, "unavailable", reason);
        }
    }
}
