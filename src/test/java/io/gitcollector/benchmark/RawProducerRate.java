package io.gitcollector.benchmark;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.LoggerFactory;

/**
 * The ceiling a collector's publishing can be held against: a plain KafkaProducer with the collector's own producer
 * settings sending as many records of the events' average size, under one key as the collector keys a repository's
 * events, to a fresh topic with the collector's partition count. All sent at once, then flushed: no pages, no
 * waiting for one batch before the next.
 */
final class RawProducerRate {

    /** {@code records} acknowledged in {@code seconds}; {@code failed} the records Kafka did not take. */
    record Result(long records, double seconds, long failed) {
        double perSecond() {
            return records / seconds;
        }
    }

    private RawProducerRate() {
    }

    /**
     * Sends {@code records} values of {@code valueBytes} (the sample value, repeated or cut to that length) with the
     * sample's headers, timed from the first send to the flush's return; one record before it fetches the metadata.
     */
    static Result measure(Properties producerSettings, String brokers, int partitions, short replication, String topic,
            long records, int valueBytes, byte[] sampleValue, Header[] headers, String key) throws Exception {
        try (Admin admin = Admin.create(adminSettings(brokers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, replication))).all().get(1, TimeUnit.MINUTES);
            awaitLeaders(admin, topic);
            try {
                return send(producerSettings, brokers, topic, records, payload(sampleValue, valueBytes), headers, key);
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(1, TimeUnit.MINUTES);
            }
        }
    }

    private static Result send(Properties producerSettings, String brokers, String topic, long records, String value,
            Header[] headers, String key) throws Exception {
        Properties props = new Properties();
        props.putAll(producerSettings);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            // The broker may refuse the first records of a topic just created ("not leader") until its metadata
            // settles; the producer retries, warning. That is set-up, not measured, and not worth a warning.
            Logger sender = (Logger) LoggerFactory.getLogger("org.apache.kafka.clients.producer.internals.Sender");
            Level level = sender.getLevel();
            sender.setLevel(Level.ERROR);
            try {
                producer.send(new ProducerRecord<>(topic, null, key, value, List.of(headers))).get(1, TimeUnit.MINUTES);
            } finally {
                sender.setLevel(level);
            }
            long started = System.nanoTime();
            for (long i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, null, key, value, List.of(headers)), (metadata, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
            double seconds = (System.nanoTime() - started) / 1e9;
            if (firstFailure.get() != null) {
                System.out.println("BENCHMARK raw producer: " + failed.get() + " records failed, first: " + firstFailure.get());
            }
            return new Result(records - failed.get(), seconds, failed.get());
        }
    }

    /** {@code length} bytes of text built from a real event (so that compression, if configured, sees JSON). */
    private static String payload(byte[] sample, int length) {
        String text = sample == null || sample.length == 0 ? "{}" : new String(sample, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(length);
        while (out.length() < length) {
            out.append(text);
        }
        // Cut by bytes: an event may hold non-ASCII text.
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        int cut = Math.min(length, bytes.length);
        while (cut > 0 && cut < bytes.length && (bytes[cut] & 0xC0) == 0x80) {
            cut--;
        }
        String value = new String(bytes, 0, cut, StandardCharsets.UTF_8);
        while (value.getBytes(StandardCharsets.UTF_8).length < length) {
            value += " ";
        }
        return value;
    }

    /** Polls until every partition has a leader: a send before that is refused and retried, with a warning. */
    private static void awaitLeaders(Admin admin, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            try {
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(1, TimeUnit.MINUTES).get(topic);
                if (description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the partitions of " + topic + " have no leader after a minute");
            }
            Thread.sleep(50);
        }
    }

    private static Properties adminSettings(String brokers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        return props;
    }
}
