package io.gitcollector.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.support.EventSchemas;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuditLogTest {

    @Test
    void aFieldTooLongForKafkaIsCutAndTheEventSaysWhich() {
        AuditLog audit = new AuditLog(null, new ObjectMapper(), new CollectorProperties());
        String reason = "x".repeat(2 * 1024 * 1024);

        JsonNode event = audit.event(new AuditRecord(null, AuditRecord.DENIED, "POST", "/api/v1/collect/trigger", null, null,
                "bad_request", 400, reason, "127.0.0.1"));

        assertThat(event.path("data").path("reason").asText()).startsWith("x".repeat(AuditLog.MAX_TEXT))
                .endsWith("… [" + (reason.length() - AuditLog.MAX_TEXT) + " more characters cut]");
        assertThat(event.path("data").path("truncated").toString()).isEqualTo("[\"reason\"]");
        assertThat(event.path("data").path("path").asText()).isEqualTo("/api/v1/collect/trigger");
        assertThat(event.toString().length()).isLessThan(4_096);
        EventSchemas.assertValid(event);
    }

    @Test
    void anEventWithinTheLimitsSaysNothingWasCut() {
        AuditLog audit = new AuditLog(null, new ObjectMapper(), new CollectorProperties());

        JsonNode event = audit.event(new AuditRecord(null, AuditRecord.DENIED, "GET", "/metrics", null, null,
                "unauthorized", 401, "a valid API key is required", "127.0.0.1"));

        assertThat(event.path("data").has("truncated")).isFalse();
        assertThat(event.path("data").path("target").isNull()).isTrue();
        EventSchemas.assertValid(event);
    }

    @Test
    void anAnonymousCallerIsRecordedAsAnonymousAndAKeyNamedAnonymousAsThatKey() {
        AuditLog audit = new AuditLog(null, new ObjectMapper(), new CollectorProperties());

        JsonNode anonymous = audit.event(new AuditRecord(Caller.ANONYMOUS, AuditRecord.TRIGGER, "POST",
                "/api/v1/collect/trigger", null, null, "queued", 202, null, "127.0.0.1"));
        JsonNode key = audit.event(new AuditRecord(new Caller("anonymous", Role.OPERATOR), AuditRecord.TRIGGER, "POST",
                "/api/v1/collect/trigger", null, null, "queued", 202, null, "127.0.0.1"));

        assertThat(anonymous.path("data").path("actor").toString())
                .isEqualTo("{\"key_name\":null,\"role\":\"anonymous\",\"remote_address\":\"127.0.0.1\"}");
        assertThat(key.path("data").path("actor").toString())
                .isEqualTo("{\"key_name\":\"anonymous\",\"role\":\"operator\",\"remote_address\":\"127.0.0.1\"}");
        EventSchemas.assertValid(anonymous);
        EventSchemas.assertValid(key);
    }
}
