package io.gitcollector.support;

import java.util.Arrays;
import java.util.List;

import ch.qos.logback.classic.Level;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints what is on topics, one event a line, then a count per topic (README, "Try it offline"):
 * <pre>./mvnw -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.gitcollector.support.TopicDump \
 *     -Dexec.args="git.commits git.pull_requests"</pre>
 * The broker is the first argument when it has a port ({@code 10.0.0.5:9092}), else {@code KAFKA_BROKERS}, else the
 * embedded broker's default {@code 127.0.0.1:9092}. Only events and counts reach standard output.
 */
public final class TopicDump {

    private static final String DEFAULT_BROKERS = "127.0.0.1:9092";

    public static void main(String[] args) {
        // Without a logback configuration every client logs its whole configuration at DEBUG: hundreds of lines.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        boolean brokersGiven = args.length > 0 && args[0].matches("[^\\s,]+:[0-9]+(,[^\\s,]+:[0-9]+)*");
        String brokers = brokersGiven ? args[0] : System.getenv().getOrDefault("KAFKA_BROKERS", DEFAULT_BROKERS);
        List<String> topics = Arrays.asList(args).subList(brokersGiven ? 1 : 0, args.length);
        if (topics.isEmpty()) {
            System.err.println("usage: TopicDump [<bootstrap servers>] <topic> [<topic>…]  (servers: KAFKA_BROKERS, else "
                    + DEFAULT_BROKERS + ")");
            System.exit(2);
        }
        for (String topic : topics) {
            List<ConsumerRecord<String, String>> records = TopicReader.records(brokers, topic);
            records.forEach(r -> System.out.println(r.value()));
            System.out.println("# " + records.size() + " events on " + topic + " at " + brokers);
        }
    }
}
