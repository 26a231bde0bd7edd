package io.gitcollector.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a topic from the beginning up to its end offsets at the time of the call: everything the
 * collector has had acknowledged so far, no waiting for more.
 */
public final class TopicReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TopicReader() {
    }

    /** The events on {@code topic} whose Kafka key is {@code key} (any key if null), in offset order per partition. */
    public static List<JsonNode> events(String brokers, String topic, String key) {
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records(brokers, topic)) {
            if (key == null || key.equals(record.key())) {
                try {
                    events.add(MAPPER.readTree(record.value()));
                } catch (Exception e) {
                    throw new AssertionError("not JSON on " + topic + ": " + record.value(), e);
                }
            }
        }
        return events;
    }

    public static List<ConsumerRecord<String, String>> records(String brokers, String topic) {
        return io.gitcollector.publish.TopicScan.records(brokers, topic, Duration.ofSeconds(30));
    }
}
