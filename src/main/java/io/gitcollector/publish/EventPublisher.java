package io.gitcollector.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.metrics.CollectorMetrics;
import io.gitcollector.state.RedisKeys;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Dedups envelopes against Redis, applies the e-mail policy, and hands the new ones to the publish route as one
 * Kafka batch; dead letters too.
 */
@Component
public class EventPublisher {

    private final ProducerTemplate template;
    private final ObjectMapper mapper;
    private final BatchedRedisIdempotentRepository dedup;
    private final EmailPolicy emails;
    private final CollectorMetrics metrics;

    public EventPublisher(ProducerTemplate template, ObjectMapper mapper, StringRedisTemplate redis,
                          CollectorProperties properties, EmailPolicy emails, CollectorMetrics metrics) {
        this.metrics = metrics;
        this.template = template;
        this.mapper = mapper;
        this.emails = emails;
        // Camel's Redis idempotent repository: one key per event id, expiring after the retention window.
        this.dedup = new BatchedRedisIdempotentRepository(redis, RedisKeys.DEDUP_PREFIX, properties.getSync().getDedupTtl());
    }

    /**
     * Publishes a page of events as one Kafka batch, leaving out those whose id was published
     * before (within the dedup retention). Returns once Kafka acknowledged every record.
     * The ids are remembered only after Kafka acknowledged them: a crash in between publishes
     * them again next run (a duplicate with the same event_id) rather than never.
     *
     * @return how many were written now; the rest were duplicates
     * @throws RuntimeException if Kafka did not acknowledge them all; nothing is then remembered
     */
    public int publishAll(String topic, List<ObjectNode> envelopes) {
        return publishNew(topic, envelopes).size();
    }

    /**
     * As {@link #publishAll}, naming the event ids that were written now.
     *
     * @return the ids written now; the others were duplicates
     */
    public Set<String> publishNew(String topic, List<ObjectNode> envelopes) {
        if (envelopes.isEmpty()) {
            return Set.of();
        }
        Set<String> seen = dedup.seenAmong(envelopes.stream().map(EventPublisher::eventId).toList());
        List<ObjectNode> fresh = envelopes.stream().filter(e -> !seen.contains(eventId(e))).toList();
        if (fresh.isEmpty()) {
            return Set.of();
        }
        List<Message> records = new ArrayList<>(fresh.size());
        for (ObjectNode envelope : fresh) {
            emails.apply(envelope);
            records.add(record(topic, envelope.path("repository_id").asText(), envelope));
        }
        send(topic, records);
        List<String> ids = fresh.stream().map(EventPublisher::eventId).toList();
        dedup.addAll(ids);
        return new java.util.HashSet<>(ids);
    }

    /**
     * Publishes one event that is not deduplicated (an occurrence, such as an audit record, rather than a
     * version of an entity), under {@code key}. Returns once Kafka acknowledged it.
     *
     * @throws PublishFailedException if Kafka did not
     */
    public void publishOnce(String topic, String key, ObjectNode envelope) {
        send(topic, List.of(record(topic, key, envelope)));
    }

    private Message record(String topic, String key, ObjectNode envelope) {
        Message record = new DefaultMessage(template.getCamelContext());
        record.setHeader(KafkaConstants.KEY, key);
        record.setHeader(KafkaConstants.OVERRIDE_TOPIC, topic);
        record.setHeader("event_type", envelope.path("event_type").asText());
        record.setHeader("source", envelope.path("source").asText());
        record.setBody(write(envelope));
        return record;
    }

    /** One Kafka batch, counted once acknowledged. */
    private void send(String topic, List<Message> records) {
        Exchange result = template.send(PublishRoutes.PUBLISH, exchange -> exchange.getIn().setBody(records));
        if (result.getException() != null) {
            throw new PublishFailedException("could not publish " + records.size() + " events to " + topic + ": "
                    + result.getException().getMessage(), result.getException());
        }
        metrics.eventsPublished(topic, records.size());
    }

    private static String eventId(ObjectNode envelope) {
        return envelope.path("event_id").asText();
    }

    private String write(ObjectNode envelope) {
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialize event " + envelope.path("event_id").asText(), e);
        }
    }
}
