package io.gitcollector.publish;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.gitcollector.config.CollectorProperties;
import io.gitcollector.embedded.Infrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
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
        createMissing(properties.getKafka(), properties.getWebhooks().getTopic());
    }

    /**
     * Topics are created with the configured retention (the audit topic with its own); topics that exist
     * already keep whatever retention their operators gave them.
     */
    private void createMissing(CollectorProperties.Kafka kafka, String webhooksTopic) throws Exception {
        Map<String, Long> wanted = new LinkedHashMap<>();
        for (String topic : kafka.getTopics()) {
            wanted.put(topic, kafka.getRetention().toMillis());
        }
        wanted.put(kafka.getJobsTopic(), kafka.getRetention().toMillis());
        wanted.put(kafka.getDeadLetterTopic(), kafka.getRetention().toMillis());
        wanted.put(kafka.getAuditTopic(), kafka.getAuditRetention().toMillis());
        wanted.put(webhooksTopic, kafka.getRetention().toMillis());
        Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
        List<NewTopic> missing = wanted.entrySet().stream().filter(t -> !existing.contains(t.getKey()))
                .map(t -> new NewTopic(t.getKey(), wantedPartitions(t.getKey(), kafka), kafka.getReplicationFactor())
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(t.getValue()))))
                .toList();
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            LOG.info("Created Kafka topics {}", missing.stream().map(t -> t.name() + " (retention "
                    + Duration.ofMillis(Long.parseLong(t.configs().get(TopicConfig.RETENTION_MS_CONFIG))) + ")").toList());
        }
        if (existing.contains(kafka.getJobsTopic())) {
            growJobsTopic(kafka);
        }
    }

    /** The jobs topic's partitions bound how many jobs run at once cluster-wide; the event topics keep theirs. */
    private static int wantedPartitions(String topic, CollectorProperties.Kafka kafka) {
        return topic.equals(kafka.getJobsTopic()) ? kafka.getJobsPartitions() : kafka.getPartitions();
    }

    /**
     * A jobs topic created with fewer partitions (an older release made 3) gets more, so that more instances or
     * consumers do run more jobs at once. Never fewer: Kafka cannot. The service starts whatever comes of it: another
     * instance may have grown the topic a moment before, or the brokers may refuse (no ALTER right on the topic, a
     * managed cluster's policy); then it says so and goes on with the partitions the topic has.
     */
    private void growJobsTopic(CollectorProperties.Kafka kafka) {
        String topic = kafka.getJobsTopic();
        try {
            int now = admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS).get(topic).partitions().size();
            if (now >= kafka.getJobsPartitions()) {
                return;
            }
            admin.createPartitions(Map.of(topic, org.apache.kafka.clients.admin.NewPartitions.increaseTo(kafka.getJobsPartitions())))
                    .all().get(60, TimeUnit.SECONDS);
            LOG.info("The jobs topic {} had {} partitions; now {} (collector.kafka.jobs-partitions). A repository's jobs"
                    + " queued before may sit on another partition than its new ones: its lock keeps one run at a time",
                    topic, now, kafka.getJobsPartitions());
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("The jobs topic {} keeps its partitions (collector.kafka.jobs-partitions asks for {}): {}", topic,
                    kafka.getJobsPartitions(), cause.toString());
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
