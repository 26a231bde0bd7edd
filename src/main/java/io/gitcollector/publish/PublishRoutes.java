package io.gitcollector.publish;

import io.gitcollector.config.CollectorProperties;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Publish: a list of messages in, one Kafka record each (keyed by repository id, topic per message),
 * written by an idempotent, acks=all producer; the exchange completes when all are acknowledged.
 */
@Component
public class PublishRoutes extends RouteBuilder {

    public static final String PUBLISH = "direct:publish-events";

    private final CollectorProperties properties;

    public PublishRoutes(CollectorProperties properties) {
        this.properties = properties;
    }

    @Override
    public void configure() {
        // Every message names its topic (kafka.OVERRIDE_TOPIC); the endpoint's topic, the dead-letter one, only
        // catches a message that names none.
        from(PUBLISH).routeId("publish-events")
                .to("kafka:" + properties.getKafka().getDeadLetterTopic());
    }
}
