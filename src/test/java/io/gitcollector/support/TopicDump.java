package io.gitcollector.support;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Prints what is on a topic, one event a line, then a count (README, "Try it offline"):
 * <pre>./mvnw -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.gitcollector.support.TopicDump \
 *     -Dexec.args="127.0.0.1:9092 git.commits"</pre>
 */
public final class TopicDump {

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: TopicDump <bootstrap servers> <topic> [<topic>…]");
            System.exit(2);
        }
        for (int i = 1; i < args.length; i++) {
            List<ConsumerRecord<String, String>> records = TopicReader.records(args[0], args[i]);
            records.forEach(r -> System.out.println(r.value()));
            System.out.println("# " + records.size() + " events on " + args[i]);
        }
    }
}
