package io.gitcollector.embedded;

import io.gitcollector.config.CollectorProperties;
import io.lettuce.core.RedisURI;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Wires Camel's Kafka component and Spring's Redis connection to the servers {@link Infrastructure} chose. */
@Configuration(proxyBeanMethods = false)
public class InfrastructureConfiguration {

    @Bean
    Infrastructure infrastructure(CollectorProperties properties) throws Exception {
        return new Infrastructure(properties);
    }

    @Bean
    LettuceConnectionFactory redisConnectionFactory(Infrastructure infrastructure) {
        RedisURI uri = RedisURI.create(infrastructure.redisUrl());
        RedisStandaloneConfiguration standalone = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
        standalone.setDatabase(uri.getDatabase());
        if (uri.getUsername() != null) {
            standalone.setUsername(uri.getUsername());
        }
        if (uri.getPassword() != null && uri.getPassword().length > 0) {
            standalone.setPassword(uri.getPassword());
        }
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder();
        if (uri.isSsl()) {
            client.useSsl();
        }
        return new LettuceConnectionFactory(standalone, client.build());
    }

    /** Runs after the starter's own customizer, so the chosen brokers win over any default. */
    @Bean
    ComponentCustomizer kafkaBrokersCustomizer(Infrastructure infrastructure, io.gitcollector.config.CollectorProperties properties) {
        int deliveryTimeout = (int) properties.getKafka().getDeliveryTimeout().toMillis();
        return ComponentCustomizer.builder(KafkaComponent.class)
                .withOrder(Ordered.LOWEST_PRECEDENCE)
                .build(component -> {
                    component.getConfiguration().setBrokers(infrastructure.kafkaBrokers());
                    // No event is acknowledged until every in-sync replica has it, and retries never duplicate.
                    component.getConfiguration().setRequestRequiredAcks("all");
                    component.getConfiguration().setEnableIdempotence(true);
                    // How long a page may wait for Kafka before its run fails (and the next run publishes it).
                    component.getConfiguration().setDeliveryTimeoutMs(deliveryTimeout);
                    component.getConfiguration().setRequestTimeoutMs(Math.min(30_000, deliveryTimeout));
                    component.getConfiguration().setMaxBlockMs(deliveryTimeout);
                });
    }
}
