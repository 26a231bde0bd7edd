package io.gitcollector.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.gitcollector.config.CollectorProperties;
import io.gitcollector.embedded.Infrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Creates the collector's topics that do not exist yet (before any route starts), and answers
 * whether the cluster is reachable, for /health.
 */
@Component
public class KafkaTopics implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);

    private final Admin admin;

    public KafkaTopics(Infrastructure infrastructure, CollectorProperties properties) throws Exception {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBrokers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
        createMissing(properties.getKafka());
    }

    private void createMissing(CollectorProperties.Kafka kafka) throws Exception {
        List<String> wanted = new ArrayList<>(kafka.getTopics());
        wanted.add(kafka.getJobsTopic());
        wanted.add(kafka.getDeadLetterTopic());
        Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
        List<NewTopic> missing = wanted.stream().distinct().filter(t -> !existing.contains(t))
                .map(t -> new NewTopic(t, kafka.getPartitions(), kafka.getReplicationFactor()))
                .toList();
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            LOG.info("Created Kafka topics {}", missing.stream().map(NewTopic::name).toList());
        }
    }

    /** @return the number of brokers that answered, or throws when the cluster does not answer in time. */
    public int brokersUp() throws Exception {
        return admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
    }

    @Override
    public void destroy() {
        admin.close();
    }
}
