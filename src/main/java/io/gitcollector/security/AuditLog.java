package io.gitcollector.security;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.publish.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Records triggers, replays and denied requests twice: as a structured log line (logger
 * {@code git.collector.audit}) and as an {@code audit_recorded} event on the audit topic. The log
 * line is written first; the event is handed to one thread of its own with a bounded queue, so a
 * broker outage loses no audit line and holds no request thread. An event Kafka refuses, or one
 * the full queue cannot take (a flood of denied requests while Kafka is down), is reported as an error.
 */
@Component
public class AuditLog implements DisposableBean {

    /** Events waiting for Kafka; beyond this many, new ones are dropped (their log lines stand). */
    static final int QUEUE = 10_000;

    public static final String EVENT_TYPE = "audit_recorded";
    private static final Logger AUDIT = LoggerFactory.getLogger("git.collector.audit");

    private final EventPublisher publisher;
    private final ObjectMapper mapper;
    private final String topic;
    private final AtomicLong dropped = new AtomicLong();
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE), runnable -> {
                Thread thread = new Thread(runnable, "audit-sender");
                thread.setDaemon(true);
                return thread;
            }, (runnable, executor) -> reportDropped());

    public AuditLog(EventPublisher publisher, ObjectMapper mapper, CollectorProperties properties) {
        this.publisher = publisher;
        this.mapper = mapper;
        this.topic = properties.getKafka().getAuditTopic();
    }

    public void record(AuditRecord audit) {
        ObjectNode event = event(audit);
        String who = audit.caller() == null ? "unknown key"
                : audit.caller().anonymous() ? "an anonymous caller (authentication off)" : "key '" + audit.caller().name() + "'";
        AUDIT.atInfo()
                .addKeyValue("audit.action", audit.action())
                .addKeyValue("audit.key_name", keyName(audit.caller()))
                .addKeyValue("audit.role", role(audit.caller()))
                .addKeyValue("audit.outcome", audit.outcome())
                .addKeyValue("audit.status", audit.status())
                .addKeyValue("audit.repository_id", audit.repositoryId())
                .addKeyValue("audit.path", audit.path())
                .addKeyValue("audit.target", audit.target())
                .addKeyValue("audit.remote_address", audit.remoteAddress())
                .addKeyValue("audit.event_id", event.path("event_id").asText())
                .log("audit: {} {} {} by {} from {}: {} ({}){}{}", audit.action(), audit.method(), audit.path(), who,
                        audit.remoteAddress(), audit.outcome(), audit.status(),
                        audit.repositoryId() == null ? "" : " repository " + audit.repositoryId(),
                        audit.target() == null ? "" : " target " + audit.target());
        send(event);
    }

    private void reportDropped() {
        long count = dropped.incrementAndGet();
        if (count == 1 || count % 1000 == 0) { // a flood must not turn into a flood of these lines too
            AUDIT.error("{} audit event(s) dropped so far: {} wait for Kafka already (their log lines stand)", count, QUEUE);
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(5, TimeUnit.SECONDS); // what Kafka takes in time is written; the log has the rest
    }

    /**
     * The longest text an audit event carries in one field. Kafka refuses a record over its limit (1 MB by
     * default) and the event would be lost: a longer path, reason or target is cut, and the event says so.
     */
    static final int MAX_TEXT = 2_048;

    ObjectNode event(AuditRecord audit) {
        ObjectNode event = mapper.createObjectNode();
        java.util.List<String> truncated = new java.util.ArrayList<>();
        event.put("event_id", "evt-" + UUID.randomUUID().toString().replace("-", "")); // each request is its own occurrence
        event.put("event_type", EVENT_TYPE);
        event.put("schema_version", 1);
        event.put("timestamp", io.gitcollector.model.UtcTimes.format(Instant.now()));
        event.put("source", "git-collector");
        event.put("repository_id", audit.repositoryId());
        event.put("repository_url", cut("repository_url", audit.repositoryUrl(), truncated));
        ObjectNode data = event.putObject("data");
        data.put("action", audit.action());
        ObjectNode actor = data.putObject("actor");
        actor.put("key_name", keyName(audit.caller()));
        actor.put("role", role(audit.caller()));
        actor.put("remote_address", audit.remoteAddress());
        data.put("method", cut("method", audit.method(), truncated));
        data.put("path", cut("path", audit.path(), truncated));
        data.put("outcome", audit.outcome());
        data.put("status", audit.status());
        data.put("reason", cut("reason", audit.reason(), truncated));
        data.put("target", cut("target", audit.target(), truncated));
        if (!truncated.isEmpty()) {
            truncated.forEach(data.putArray("truncated")::add);
        }
        return event;
    }

    /** The API key's name; null when no key names the caller (none valid was given, or authentication is off). */
    private static String keyName(Caller caller) {
        return caller == null || caller.anonymous() ? null : caller.name();
    }

    /** The key's role; "anonymous" with authentication off, where the caller's admin rights come from no key. */
    private static String role(Caller caller) {
        if (caller == null) {
            return null;
        }
        return caller.anonymous() ? ANONYMOUS_ROLE : caller.role().label();
    }

    static final String ANONYMOUS_ROLE = "anonymous";

    private static String cut(String field, String text, java.util.List<String> truncated) {
        if (text == null || text.length() <= MAX_TEXT) {
            return text;
        }
        truncated.add(field);
        return text.substring(0, MAX_TEXT) + "… [" + (text.length() - MAX_TEXT) + " more characters cut]";
    }

    private void send(ObjectNode event) {
        JsonNode actor = event.path("data").path("actor");
        String key = event.path("repository_id").isTextual() ? event.path("repository_id").asText()
                : actor.path("key_name").isTextual() ? actor.path("key_name").asText()
                : ANONYMOUS_ROLE.equals(actor.path("role").asText()) ? ANONYMOUS_ROLE : "unknown";
        sender.execute(() -> {
            try {
                publisher.publishOnce(topic, key, event);
            } catch (RuntimeException e) {
                AUDIT.error("audit event {} was not written to {} (its log line stands): {}",
                        event.path("event_id").asText(), topic, e.getMessage());
            }
        });
    }
}
