package io.gitcollector.benchmark;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Counts what landed on the topics: the records keyed by one repository id between offsets taken before a run
 * and the end offsets after it, with their value sizes. Streams them: a 100,000-commit run is 185,000 records,
 * which are not held in memory.
 */
final class TopicTally {

    /** The records of one key: how many (per topic), their value bytes, and one of them as a sample. */
    record Tally(long records, long valueBytes, Map<String, Long> perTopic, byte[] sampleValue, Header[] sampleHeaders) {
        double averageValueBytes() {
            return records == 0 ? 0 : (double) valueBytes / records;
        }
    }

    private TopicTally() {
    }

    /** The end offset of every partition of {@code topics}: where the records of a run about to start will begin. */
    static Map<TopicPartition, Long> endOffsets(String brokers, Collection<String> topics) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(brokers)) {
            List<TopicPartition> partitions = topics.stream().flatMap(t -> consumer.partitionsFor(t).stream()
                    .map(p -> new TopicPartition(t, p.partition()))).toList();
            return new HashMap<>(consumer.endOffsets(partitions));
        }
    }

    /** Reads every partition from {@code from} to its current end offset and tallies the records keyed {@code key}. */
    static Tally count(String brokers, Map<TopicPartition, Long> from, String key, Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(brokers)) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(from.keySet());
            Map<String, Long> perTopic = new TreeMap<>();
            long records = 0;
            long bytes = 0;
            byte[] sample = null;
            Header[] sampleHeaders = new Header[0];
            long deadline = System.nanoTime() + timeout.toNanos();
            while (from.keySet().stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the topics to " + end + " within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))
                            || !key.equals(record.key())) {
                        continue;
                    }
                    records++;
                    bytes += record.value() == null ? 0 : record.value().length;
                    perTopic.merge(record.topic(), 1L, Long::sum);
                    if (sample == null && record.value() != null) {
                        sample = record.value();
                        sampleHeaders = record.headers().toArray();
                    }
                }
            }
            return new Tally(records, bytes, perTopic, sample, sampleHeaders);
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(String brokers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
