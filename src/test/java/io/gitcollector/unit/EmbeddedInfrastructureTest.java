package io.gitcollector.unit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.gitcollector.config.CollectorProperties;
import io.gitcollector.embedded.Infrastructure;
import io.gitcollector.support.TopicReader;
import io.lettuce.core.RedisClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedInfrastructureTest {

    @Test
    void embeddedKafkaAndRedisKeepTheirDataAcrossARestart() throws Exception {
        Path dataDir = Files.createTempDirectory("embedded-restart");
        CollectorProperties properties = new CollectorProperties();
        properties.setDataDir(dataDir.toString());
        properties.getKafka().setEmbeddedPort(0);

        Infrastructure first = new Infrastructure(properties);
        assertThat(first.embedded()).isTrue();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", first.kafkaBrokers()))) {
            admin.createTopics(List.of(new NewTopic("git.commits", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties producerProps = new Properties();
        producerProps.put("bootstrap.servers", first.kafkaBrokers());
        try (var producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("git.commits", "repo-1", "{\"event_id\":\"evt-1\"}")).get(30, TimeUnit.SECONDS);
        }
        RedisClient client = RedisClient.create(first.redisUrl());
        try (var connection = client.connect()) {
            connection.sync().set("git:dedup:evt-1", "evt-1");
        }
        client.shutdown();
        first.destroy();

        Infrastructure second = new Infrastructure(properties);
        try {
            assertThat(TopicReader.records(second.kafkaBrokers(), "git.commits"))
                    .extracting(r -> r.value()).containsExactly("{\"event_id\":\"evt-1\"}");
            RedisClient again = RedisClient.create(second.redisUrl());
            try (var connection = again.connect()) {
                assertThat(connection.sync().get("git:dedup:evt-1")).isEqualTo("evt-1");
            }
            again.shutdown();
        } finally {
            second.destroy();
        }
    }
}
