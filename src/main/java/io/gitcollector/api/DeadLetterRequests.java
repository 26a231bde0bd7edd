package io.gitcollector.api;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.collect.DeadLetterReplay;
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

    public DeadLetterRequests(DeadLetterReplay replay, ObjectMapper mapper) {
        this.replay = replay;
        this.mapper = mapper;
    }

    public void replay(Exchange exchange) {
        String repositoryId = exchange.getIn().getHeader("repository_id", String.class);
        if (repositoryId != null && !REPOSITORY_ID.matcher(repositoryId).matches()) {
            JsonReply.error(exchange, mapper, 400, "bad_request", "repository_id must be repo- and 16 hex digits, as the trigger returned");
            return;
        }
        try {
            JsonReply.send(exchange, mapper, 200, replay.replay(repositoryId));
        } catch (Exception e) {
            LOG.warn("Dead-letter replay failed: {}", e.getMessage());
            JsonReply.error(exchange, mapper, 503, "unavailable", "could not replay the dead letters: " + e.getMessage());
        }
    }
}
