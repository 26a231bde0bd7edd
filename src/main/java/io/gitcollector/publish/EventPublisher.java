package io.gitcollector.publish;

import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/** Hands envelopes to the publish route and tells whether each was new or a duplicate. */
@Component
public class EventPublisher {

    public static final String EVENT_ID = "collector.eventId";
    public static final String TOPIC = "collector.topic";
    public static final String REPOSITORY_ID = "collector.repositoryId";
    public static final String EVENT_TYPE = "collector.eventType";
    public static final String SOURCE = "collector.source";

    private final ProducerTemplate template;
    private final ObjectMapper mapper;

    public EventPublisher(ProducerTemplate template, ObjectMapper mapper) {
        this.template = template;
        this.mapper = mapper;
    }

    /**
     * Publishes one event, unless its id was published before (within the dedup retention).
     *
     * @return true if it was written to Kafka now, false if it was a duplicate
     * @throws RuntimeException if Kafka did not acknowledge it: nothing may count it as collected
     */
    public boolean publish(String topic, ObjectNode envelope) {
        String json;
        try {
            json = mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialize event " + envelope.path("event_id").asText(), e);
        }
        Exchange result = template.send(PublishRoutes.PUBLISH, exchange -> {
            exchange.setProperty(EVENT_ID, envelope.path("event_id").asText());
            exchange.setProperty(TOPIC, topic);
            exchange.setProperty(REPOSITORY_ID, envelope.path("repository_id").asText());
            exchange.setProperty(EVENT_TYPE, envelope.path("event_type").asText());
            exchange.setProperty(SOURCE, envelope.path("source").asText());
            exchange.getIn().setBody(json);
        });
        if (result.getException() != null) {
            throw new IllegalStateException("could not publish event " + envelope.path("event_id").asText()
                    + " to " + topic + ": " + result.getException().getMessage(), result.getException());
        }
        return !result.getProperty(Exchange.DUPLICATE_MESSAGE, Boolean.FALSE, Boolean.class);
    }

    /** Sends an item that could not be processed to the dead-letter topic, with why and where from. */
    public void deadLetter(String repositoryId, String repositoryUrl, String source, String resource, String reason,
                           Object payload) {
        ObjectNode envelope = mapper.createObjectNode();
        String payloadText = String.valueOf(payload);
        envelope.put("event_id", EventEnvelopes.eventId(repositoryId, "dead_letter", resource, EventEnvelopes.sha256(payloadText)));
        envelope.put("event_type", "dead_letter");
        envelope.put("schema_version", EventEnvelopes.SCHEMA_VERSION);
        envelope.put("timestamp", Instant.now().toString());
        envelope.put("source", source);
        envelope.put("repository_id", repositoryId);
        envelope.put("repository_url", repositoryUrl);
        ObjectNode data = envelope.putObject("data");
        data.put("reason", reason);
        data.put("resource", resource);
        if (payload instanceof com.fasterxml.jackson.databind.JsonNode node) {
            data.set("payload", node);
        } else {
            data.put("payload", payloadText);
        }
        template.sendBody(PublishRoutes.DEAD_LETTER, envelope.toString());
    }
}
