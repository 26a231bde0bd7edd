package io.gitcollector.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning up to its end offsets at the time of the call: everything the
 * collector has had acknowledged so far, no waiting for more.
 */
public final class TopicReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TopicReader() {
    }

    /** The events on {@code topic} whose Kafka key is {@code key}, in offset order per partition. */
    public static List<JsonNode> events(String brokers, String topic, String key) {
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records(brokers, topic)) {
            if (key.equals(record.key())) {
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
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
