package io.gitcollector.collect;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.publish.EventEnvelopes;
import io.gitcollector.publish.EventPublisher;
import io.gitcollector.secrets.SecretRedactor;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The rule that an item its mapper cannot map is a dead letter, declared once as the route configuration of the
 * engine's mapping route ({@link ItemMappingRoute}): any exception there (the source's mapper threw, or answered what
 * cannot be published) is handled by publishing the item to the dead-letter topic, with the reason and what a replay
 * needs ({@link DeadLetterReplay}); the route then answers no events and the page goes on. Only that route uses it:
 * every other route, the sources' included, passes its exceptions back to its caller ({@code QuietErrorHandling}).
 * <p>
 * If the dead letter itself cannot be published (Kafka away), that exception goes back to the caller, and the run
 * fails as it would on any page it could not publish.
 */
@Component
class MapperDeadLetters extends RouteConfigurationBuilder {

    static final String ID = "mapper-dead-letters";

    private static final Logger LOG = LoggerFactory.getLogger(MapperDeadLetters.class);

    private final EventPublisher publisher;
    private final ObjectMapper mapper;
    private final String deadLetterTopic;
    private final SecretRedactor redactor;

    MapperDeadLetters(EventPublisher publisher, ObjectMapper mapper, CollectorProperties properties, SecretRedactor redactor) {
        this.publisher = publisher;
        this.mapper = mapper;
        this.deadLetterTopic = properties.getKafka().getDeadLetterTopic();
        this.redactor = redactor;
    }

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(Exception.class).handled(true)
                .process(this::sendToDeadLetters)
                .setBody(constant(List.of()));
    }

    private void sendToDeadLetters(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ResourceSpec spec = exchange.getProperty(ItemMappingRoute.SPEC, ResourceSpec.class);
        JobContext context = exchange.getProperty(JobContext.PROPERTY, JobContext.class);
        // A mapper's exception may quote anything it was given or called: the reason is logged and published.
        String reason = caught instanceof MapperOutput.UnmappableItem ? caught.getMessage()
                : redactor.redact("mapper " + spec.mapper() + " failed: " + caught.getMessage());
        LOG.warn("{} of {}: item sent to the dead-letter topic: {}", spec.resource(), context.job().repositoryId(), reason);
        context.progress().resource(spec.resource()).countDeadLetter();
        publisher.publishAll(deadLetterTopic, List.of(deadLetter(spec, context, reason,
                exchange.getProperty(ItemMappingRoute.ITEM, JsonNode.class),
                exchange.getProperty(ItemMappingRoute.PARENT, JsonNode.class))));
    }

    /** The same envelope as any event; deduplicated too, so a bad item seen again is not sent again. */
    private ObjectNode deadLetter(ResourceSpec spec, JobContext context, String reason, JsonNode item, JsonNode parent) {
        ObjectNode data = mapper.createObjectNode();
        data.put("reason", reason);
        data.put("resource", spec.resource());
        data.set("payload", item);
        // What a replay needs to map it again once the cause is fixed (DeadLetterReplay).
        ObjectNode replay = data.putObject("replay");
        replay.put("mapper", spec.mapper());
        replay.put("entity", spec.entity());
        replay.put("identity", spec.identity());
        replay.put("version", spec.version());
        replay.put("topic", spec.topic());
        replay.set("parent", parent);
        String eventId = EventEnvelopes.eventId(context.job().repositoryId(), "dead_letter", spec.resource(),
                EventEnvelopes.sha256(item.toString()));
        return EventEnvelopes.envelope(mapper, eventId, "dead_letter", context.job(), data, Instant.now());
    }
}
