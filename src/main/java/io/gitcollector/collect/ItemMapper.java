package io.gitcollector.collect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.model.UtcTimes;
import io.gitcollector.publish.EventEnvelopes;
import io.gitcollector.publish.EventPublisher;
import io.gitcollector.publish.EventTopics;
import io.gitcollector.secrets.SecretRedactor;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Runs a source's mapper route on one item, checks what it returns, and sends what it cannot map to the dead-letter topic. */
@Component
class ItemMapper {

    /** The parent's normalized data as JSON text, for a child resource's mapper: jq {@code property("parent") | fromjson}. */
    static final String MAPPER_PARENT = "parent";

    /**
     * The repository's web URL with its path as the caller wrote it, for a platform whose answers carry no web link
     * (Gerrit's changes: jq {@code property("repository_url")}).
     */
    static final String MAPPER_REPOSITORY_URL = "repository_url";

    private static final Logger LOG = LoggerFactory.getLogger(ItemMapper.class);

    private final ProducerTemplate template;
    private final EventPublisher publisher;
    private final ObjectMapper mapper;
    private final String deadLetterTopic;
    private final SecretRedactor redactor;

    ItemMapper(ProducerTemplate template, EventPublisher publisher, ObjectMapper mapper, CollectorProperties properties,
               SecretRedactor redactor) {
        this.template = template;
        this.publisher = publisher;
        this.mapper = mapper;
        this.deadLetterTopic = properties.getKafka().getDeadLetterTopic();
        this.redactor = redactor;
    }

    /**
     * Runs the source's mapper route, which returns one event, several (an array), or null to skip
     * the item. An item it cannot map goes to the dead-letter topic, and the page goes on.
     */
    List<ObjectNode> map(ResourceSpec spec, JobContext context, JsonNode item, JsonNode parent) {
        return map(spec, context, item, parent, parent == null ? null : parent.toString());
    }

    /**
     * As {@link #map(ResourceSpec, JobContext, JsonNode, JsonNode)}, with the parent's JSON text already written
     * (once for a page of its children, not once per child).
     */
    List<ObjectNode> map(ResourceSpec spec, JobContext context, JsonNode item, JsonNode parent, String parentText) {
        Exchange mapping = new DefaultExchange(template.getCamelContext());
        mapping.setProperty(JobContext.PROPERTY, context);
        mapping.setProperty(io.gitcollector.metrics.PerItemExchanges.MARK, true);
        if (parentText != null) {
            mapping.setProperty(MAPPER_PARENT, parentText); // jq: property("parent") | fromjson
        }
        mapping.setProperty(MAPPER_REPOSITORY_URL, webUrl(context));
        mapping.getIn().setBody(item);
        Exchange result = template.send(spec.mapper(), mapping);
        String problem = null;
        List<ObjectNode> events = new ArrayList<>();
        if (result.getException() != null) {
            // A mapper's exception may quote anything it was given or called: the reason is logged and published.
            problem = redactor.redact("mapper " + spec.mapper() + " failed: " + result.getException().getMessage());
        } else {
            JsonNode out = result.getMessage().getBody(JsonNode.class);
            if (out == null || out.isNull()) {
                return List.of(); // the mapper chose to skip this item
            }
            for (JsonNode one : out.isArray() ? out : List.of(out)) {
                problem = checkMapped(spec, one);
                if (problem != null) {
                    break;
                }
                events.add((ObjectNode) one);
            }
        }
        if (problem == null) {
            return events;
        }
        LOG.warn("{} of {}: item sent to the dead-letter topic: {}", spec.resource(), context.job().repositoryId(), problem);
        context.progress().resource(spec.resource()).countDeadLetter();
        publisher.publishAll(deadLetterTopic, List.of(deadLetter(spec, context, problem, item, parent)));
        return List.of();
    }

    /** The normalized URL lower-cases the path; APIs whose names are case-sensitive want it as written. */
    private static String webUrl(JobContext context) {
        var repository = context.job().repository();
        String url = repository.url();
        return url.substring(0, url.length() - repository.path().length()) + repository.path();
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

    private static String checkMapped(ResourceSpec spec, JsonNode out) {
        if (!out.isObject() || !out.path("data").isObject()) {
            return "mapper " + spec.mapper() + " must return {\"event_type\": …, \"data\": {…}}";
        }
        if (!out.path("event_type").isTextual() || out.path("event_type").asText().isBlank()) {
            return "mapper " + spec.mapper() + " returned no event_type";
        }
        if (spec.topic() == null && EventTopics.topicOf(out.path("event_type").asText()).isEmpty()) {
            return "event type '" + out.path("event_type").asText() + "' is not in the contract; give the resource a topic";
        }
        JsonNode identity = ResourceSpec.field(out.path("data"), spec.identity());
        if (identity.isMissingNode() || identity.isNull()) {
            return "mapped data has no identity field '" + spec.identity() + "'";
        }
        JsonNode stamp = spec.watermark() == null ? null : ResourceSpec.field(out.path("data"), spec.watermark());
        if (stamp != null && stamp.isTextual() && UtcTimes.parse(stamp) == null) {
            return "mapped data's " + spec.watermark() + " is not a timestamp: '" + stamp.asText() + "'";
        }
        return null;
    }
}
