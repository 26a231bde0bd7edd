package io.gitcollector.security;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.publish.PublishRoutes;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records triggers, replays and denied requests twice: as a structured log line (logger
 * {@code git.collector.audit}) and as an {@code audit_recorded} event on the audit topic. The log
 * line is written first and does not wait for Kafka, so a broker outage loses no audit line and
 * holds no request thread; a record Kafka refuses is reported as an error.
 */
@Component
public class AuditLog {

    public static final String EVENT_TYPE = "audit_recorded";
    private static final Logger AUDIT = LoggerFactory.getLogger("git.collector.audit");

    private final ProducerTemplate template;
    private final ObjectMapper mapper;
    private final String topic;

    public AuditLog(ProducerTemplate template, ObjectMapper mapper, CollectorProperties properties) {
        this.template = template;
        this.mapper = mapper;
        this.topic = properties.getKafka().getAuditTopic();
    }

    public void record(AuditRecord audit) {
        ObjectNode event = event(audit);
        String who = audit.caller() == null ? "unknown key" : "key '" + audit.caller().name() + "'";
        AUDIT.atInfo()
                .addKeyValue("audit.action", audit.action())
                .addKeyValue("audit.key_name", audit.caller() == null ? null : audit.caller().name())
                .addKeyValue("audit.outcome", audit.outcome())
                .addKeyValue("audit.status", audit.status())
                .addKeyValue("audit.repository_id", audit.repositoryId())
                .addKeyValue("audit.path", audit.path())
                .addKeyValue("audit.remote_address", audit.remoteAddress())
                .addKeyValue("audit.event_id", event.path("event_id").asText())
                .log("audit: {} {} {} by {} from {}: {} ({}){}", audit.action(), audit.method(), audit.path(), who,
                        audit.remoteAddress(), audit.outcome(), audit.status(),
                        audit.repositoryId() == null ? "" : " repository " + audit.repositoryId());
        send(event);
    }

    private ObjectNode event(AuditRecord audit) {
        ObjectNode event = mapper.createObjectNode();
        event.put("event_id", "evt-" + UUID.randomUUID().toString().replace("-", "")); // each request is its own occurrence
        event.put("event_type", EVENT_TYPE);
        event.put("schema_version", 1);
        event.put("timestamp", Instant.now().toString());
        event.put("source", "git-collector");
        event.put("repository_id", audit.repositoryId());
        event.put("repository_url", audit.repositoryUrl());
        ObjectNode data = event.putObject("data");
        data.put("action", audit.action());
        ObjectNode actor = data.putObject("actor");
        actor.put("key_name", audit.caller() == null ? null : audit.caller().name());
        actor.put("role", audit.caller() == null ? null : audit.caller().role().label());
        actor.put("remote_address", audit.remoteAddress());
        data.put("method", audit.method());
        data.put("path", audit.path());
        data.put("outcome", audit.outcome());
        data.put("status", audit.status());
        data.put("reason", audit.reason());
        return event;
    }

    private void send(ObjectNode event) {
        Message record = new DefaultMessage(template.getCamelContext());
        String key = event.path("repository_id").isTextual() ? event.path("repository_id").asText()
                : event.path("data").path("actor").path("key_name").asText("unknown");
        record.setHeader(KafkaConstants.KEY, key);
        record.setHeader(KafkaConstants.OVERRIDE_TOPIC, topic);
        record.setHeader("event_type", EVENT_TYPE);
        record.setHeader("source", "git-collector");
        try {
            record.setBody(mapper.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String eventId = event.path("event_id").asText();
        template.asyncSend(PublishRoutes.PUBLISH, exchange -> exchange.getIn().setBody(List.of(record)))
                .whenComplete((exchange, failure) -> {
                    Throwable problem = failure != null ? failure : exchange.getException();
                    if (problem != null) {
                        AUDIT.error("audit event {} was not written to {} (its log line above stands): {}", eventId, topic,
                                problem.getMessage());
                    }
                });
    }
}
