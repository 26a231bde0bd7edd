package io.gitcollector.webhook;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.api.JsonReply;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.config.CollectorProperties.Platform;
import io.gitcollector.identity.InvalidRepositoryUrlException;
import io.gitcollector.identity.PlatformRegistry;
import io.gitcollector.model.RepositoryIdentity;
import io.gitcollector.state.CollectionStatusStore;
import io.gitcollector.state.DeliveryStore;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Takes a platform's webhook delivery: checks its signature, its event and its repository, and puts it on the
 * webhooks topic before answering, so that nothing acknowledged is lost if the service stops before it is
 * processed ({@link WebhookProcessor} does that). A delivery id seen before is answered 200 and not queued again.
 */
@Component
public class WebhookIntake {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookIntake.class);

    private final PlatformRegistry platforms;
    private final CollectionStatusStore statuses;
    private final DeliveryStore deliveries;
    private final ProducerTemplate template;
    private final ObjectMapper mapper;
    private final WebhookOutcomes outcomes;
    private final CollectorProperties.Webhooks settings;
    private final Clock clock;

    public WebhookIntake(PlatformRegistry platforms, CollectionStatusStore statuses,
                         DeliveryStore deliveries, ProducerTemplate template, ObjectMapper mapper, WebhookOutcomes outcomes,
                         CollectorProperties properties, Clock clock) {
        this.platforms = platforms;
        this.statuses = statuses;
        this.deliveries = deliveries;
        this.template = template;
        this.mapper = mapper;
        this.outcomes = outcomes;
        this.settings = properties.getWebhooks();
        this.clock = clock;
    }

    public void receive(Exchange exchange) {
        long receivedAt = clock.millis();
        String platformName = exchange.getIn().getHeader("platform", String.class);
        Platform platform = platformName == null ? null : platforms.platforms().get(platformName);
        // The secret as PlatformRegistry left it (read from webhook.secret-file when set); none: no webhooks.
        String secret = platform == null ? null : platform.getWebhook().getSecret();
        if (secret == null || secret.isBlank()) {
            reply(exchange, 404, "not_found", "no webhooks are taken for platform '" + platformName
                    + "': set its webhook secret (README, \"Webhooks\")");
            return;
        }
        var protocol = platform.getWebhook();
        String event = exchange.getIn().getHeader(protocol.getEventHeader(), String.class);
        // Metrics name only events that are collected: a header of an unsigned request is anyone's to fill.
        String eventTag = event != null && WebhookEvents.collected(protocol.getEvents(), event) ? event : "other";
        byte[] body = exchange.getIn().getBody(byte[].class);
        body = body == null ? new byte[0] : body;
        String problem = WebhookSignature.problem(protocol, secret, name -> exchange.getIn().getHeader(name, String.class), body);
        if (problem != null) {
            reply(exchange, 401, "unauthorized", "the delivery is not signed with the configured secret: " + problem);
            outcomes.record(exchange, platformName, eventTag, "rejected", "signature");
            return;
        }
        JsonNode payload;
        try {
            payload = mapper.readTree(body);
        } catch (java.io.IOException e) {
            payload = null;
        }
        if (payload == null || !payload.isObject()) {
            reply(exchange, 400, "bad_request", "the delivery's body is not a JSON object");
            outcomes.record(exchange, platformName, eventTag, "rejected", "not_json");
            return;
        }
        if (event == null || !WebhookEvents.collected(protocol.getEvents(), event)) {
            ignored(exchange, event == null ? "no " + protocol.getEventHeader() + " header names the event"
                    : "event '" + event + "' is not collected (collected: " + protocol.getEvents() + ")");
            outcomes.record(exchange, platformName, eventTag, "ignored", "event");
            return;
        }
        String url = payload.at(protocol.getRepositoryUrl()).asText(null);
        RepositoryIdentity repository;
        try {
            repository = platforms.identify(url);
        } catch (InvalidRepositoryUrlException e) {
            ignored(exchange, "the payload names no repository of a configured platform at " + protocol.getRepositoryUrl()
                    + ": " + e.getMessage());
            outcomes.record(exchange, platformName, eventTag, "ignored", "repository");
            return;
        }
        if (!repository.platform().equals(platformName) || !statuses.exists(repository.id())) {
            LOG.info("Ignored a {} webhook ({}) for {}, which is not collected here", platformName, event, repository.url());
            ignored(exchange, "repository " + repository.url() + " is not collected here: trigger a collection of it first");
            outcomes.unknownRepository(exchange, platformName, eventTag, repository);
            return;
        }
        String delivery = exchange.getIn().getHeader(protocol.getDeliveryHeader(), String.class);
        if (delivery == null || delivery.isBlank() || delivery.length() > 200) {
            delivery = "sha256-" + HexFormat.of().formatHex(sha256(body)); // the same body is the same delivery
        }
        if (!deliveries.claim(platformName, delivery)) {
            reply(exchange, 200, Map.of("status", "duplicate", "delivery", delivery,
                    "reason", "this delivery was accepted before"));
            outcomes.record(exchange, platformName, eventTag, "duplicate", "delivery");
            return;
        }
        ObjectNode record = mapper.createObjectNode();
        record.put("platform", platformName);
        record.put("event", event);
        record.put("delivery", delivery);
        record.put("received_at", receivedAt);
        record.put("repository_id", repository.id());
        record.put("repository_url", repository.url());
        record.put("repository_path", repository.path());
        record.set("payload", payload);
        Exchange sent = template.send(WebhookRoutes.QUEUE, queued -> {
            queued.setProperty(WebhookRoutes.REPOSITORY_ID, repository.id());
            queued.getIn().setBody(record.toString());
        });
        if (sent.getException() != null) {
            deliveries.release(platformName, delivery);
            LOG.warn("A {} webhook ({}) for {} could not be queued: {}", platformName, event, repository.url(),
                    sent.getException().getMessage());
            reply(exchange, 503, "unavailable", "the delivery could not be queued (Kafka did not take it); deliver it again");
            outcomes.record(exchange, platformName, eventTag, "rejected", "kafka");
            return;
        }
        deliveries.keep(platformName, delivery, settings.getDeliveryMemory());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "accepted");
        answer.put("delivery", delivery);
        answer.put("repository_id", repository.id());
        reply(exchange, 202, answer);
        outcomes.record(exchange, platformName, eventTag, "accepted", "");
    }

    private void ignored(Exchange exchange, String reason) {
        reply(exchange, 202, Map.of("status", "ignored", "reason", reason));
    }

    private void reply(Exchange exchange, int status, String error, String message) {
        JsonReply.error(exchange, mapper, status, error, message);
    }

    private void reply(Exchange exchange, int status, Object body) {
        JsonReply.send(exchange, mapper, status, body);
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
