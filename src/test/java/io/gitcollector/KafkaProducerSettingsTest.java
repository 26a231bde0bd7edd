package io.gitcollector;

import io.gitcollector.support.CollectorIntegrationTest;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaProducerSettingsTest extends CollectorIntegrationTest {

    @Autowired CamelContext camel;

    @Test
    void kafkaProducerIsIdempotentAndWaitsForAllReplicas() {
        var configuration = camel.getComponent("kafka", KafkaComponent.class).getConfiguration();

        assertThat(configuration.isEnableIdempotence()).isTrue();
        assertThat(configuration.getRequestRequiredAcks()).isEqualTo("all");
        assertThat(configuration.getBrokers()).isEqualTo(INFRA.kafka.bootstrapServers());
    }
}
