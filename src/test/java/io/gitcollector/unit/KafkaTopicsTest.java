package io.gitcollector.unit;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.gitcollector.config.CollectorProperties;
import io.gitcollector.embedded.Infrastructure;
import io.gitcollector.publish.KafkaTopics;
import io.gitcollector.support.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jobs topic's partitions bound how many jobs the cluster runs at once: a new one is created with
 * jobs-partitions, one an older release made with 3 is grown to it, and one with more keeps them (Kafka cannot
 * take partitions away, and asking must not stop the start). Against the real test broker.
 */
class KafkaTopicsTest {

    private static final TestInfrastructure INFRA = TestInfrastructure.shared();

    @Test
    void aNewJobsTopicIsCreatedWithJobsPartitionsAndTheEventTopicsWithTheirOwn() throws Exception {
        CollectorProperties properties = properties(12);
        new KafkaTopics(infrastructure(properties), properties).destroy();

        assertThat(partitions(properties.getKafka().getJobsTopic())).isEqualTo(12);
        assertThat(partitions(properties.getKafka().getDeadLetterTopic())).isEqualTo(properties.getKafka().getPartitions());
    }

    @Test
    void anOlderJobsTopicIsGrownToJobsPartitionsAndNeverShrunk() throws Exception {
        CollectorProperties properties = properties(12);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(properties.getKafka().getJobsTopic(), 3, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }

        new KafkaTopics(infrastructure(properties), properties).destroy();
        assertThat(partitions(properties.getKafka().getJobsTopic())).isEqualTo(12);

        properties.getKafka().setJobsPartitions(6);
        new KafkaTopics(infrastructure(properties), properties).destroy();
        assertThat(partitions(properties.getKafka().getJobsTopic())).as("never fewer").isEqualTo(12);
    }

    private static CollectorProperties properties(int jobsPartitions) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        CollectorProperties properties = new CollectorProperties();
        properties.getKafka().setBrokers(INFRA.kafka.bootstrapServers());
        properties.getRedis().setUrl(INFRA.redis.url());
        properties.getKafka().setTopics(List.of());
        properties.getKafka().setJobsTopic("jobs-" + run);
        properties.getKafka().setDeadLetterTopic("dlq-" + run);
        properties.getKafka().setAuditTopic("audit-" + run);
        properties.getKafka().setJobsPartitions(jobsPartitions);
        return properties;
    }

    private static Infrastructure infrastructure(CollectorProperties properties) throws Exception {
        return new Infrastructure(properties); // both external: nothing is started
    }

    private static int partitions(String topic) throws Exception {
        try (Admin admin = admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size();
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", INFRA.kafka.bootstrapServers()));
    }
}
