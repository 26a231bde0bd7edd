package io.gitcollector.embedded;

import java.nio.file.Path;

import io.gitcollector.config.CollectorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Where Kafka and Redis are. With {@code KAFKA_BROKERS} / {@code REDIS_URL} set, those servers;
 * otherwise an in-process KRaft broker and an embedded redis-server, started here, whose data
 * lives under {@code collector.data-dir}.
 */
public class Infrastructure implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(Infrastructure.class);

    private final String kafkaBrokers;
    private final String redisUrl;
    private final EmbeddedKafkaBroker embeddedKafka;
    private final EmbeddedRedisServer embeddedRedis;

    public Infrastructure(CollectorProperties properties) throws Exception {
        Path dataDir = Path.of(properties.getDataDir());
        String brokers = properties.getKafka().getBrokers();
        if (brokers == null || brokers.isBlank()) {
            embeddedKafka = EmbeddedKafkaBroker.start(dataDir, properties.getKafka().getEmbeddedPort());
            kafkaBrokers = embeddedKafka.bootstrapServers();
            LOG.info("Kafka: KAFKA_BROKERS is not set, started an embedded KRaft broker at {} (data in {})",
                    kafkaBrokers, dataDir.toAbsolutePath().resolve("kafka"));
        } else {
            embeddedKafka = null;
            kafkaBrokers = brokers;
            LOG.info("Kafka: using the brokers at {}", kafkaBrokers);
        }
        String url = properties.getRedis().getUrl();
        if (url == null || url.isBlank()) {
            embeddedRedis = EmbeddedRedisServer.start(dataDir, properties.getRedis().getEmbeddedPort());
            redisUrl = embeddedRedis.url();
            LOG.info("Redis: REDIS_URL is not set, started an embedded redis-server at {} (data in {})",
                    redisUrl, dataDir.toAbsolutePath().resolve("redis"));
        } else {
            embeddedRedis = null;
            redisUrl = url;
            LOG.info("Redis: using the server at {}", RedisUrls.withoutPassword(redisUrl));
        }
    }

    public String kafkaBrokers() {
        return kafkaBrokers;
    }

    public String redisUrl() {
        return redisUrl;
    }

    public boolean embedded() {
        return embeddedKafka != null || embeddedRedis != null;
    }

    /**
     * Whether this run starts both servers itself: no {@code KAFKA_BROKERS} and no {@code REDIS_URL}. Only then is
     * it a local run; one external server means a deployment, whatever the other is.
     */
    public static boolean bothEmbedded(String kafkaBrokers, String redisUrl) {
        return (kafkaBrokers == null || kafkaBrokers.isBlank()) && (redisUrl == null || redisUrl.isBlank());
    }

    @Override
    public void destroy() throws Exception {
        if (embeddedKafka != null) {
            embeddedKafka.close();
        }
        if (embeddedRedis != null) {
            embeddedRedis.close();
        }
    }
}
