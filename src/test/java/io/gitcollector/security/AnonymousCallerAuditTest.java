package io.gitcollector.security;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.support.CollectorIntegrationTest;
import io.gitcollector.support.EventSchemas;
import io.gitcollector.support.TopicReader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With authentication off every request is let through as {@link Caller#ANONYMOUS}, allowed everything; its audit
 * events on git.audit say so (role anonymous, no key name) rather than naming an admin.
 */
class AnonymousCallerAuditTest extends CollectorIntegrationTest {

    @Autowired
    AuditLog audit;

    @Test
    void theAnonymousCallerOfARunWithoutAuthenticationIsAuditedAsAnonymousNotAsAnAdmin() {
        String reason = "anonymous-" + UUID.randomUUID();
        audit.record(new AuditRecord(Caller.ANONYMOUS, AuditRecord.REPLAY, "POST", "/api/v1/dead-letters/replay", null, null,
                "completed", 200, reason, "127.0.0.1"));

        List<JsonNode> found = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            found.clear();
            // Keyed by the role where no repository and no key name it.
            TopicReader.events(INFRA.kafka.bootstrapServers(), "git.audit", "anonymous").stream()
                    .filter(e -> reason.equals(e.path("data").path("reason").asText())).forEach(found::add);
            return found.size() == 1;
        });
        JsonNode actor = found.get(0).path("data").path("actor");
        assertThat(actor.path("key_name").isNull()).as(actor.toString()).isTrue();
        assertThat(actor.path("role").asText()).isEqualTo("anonymous");
        assertThat(actor.path("remote_address").asText()).isEqualTo("127.0.0.1");
        EventSchemas.assertValid(found.get(0));
    }
}
