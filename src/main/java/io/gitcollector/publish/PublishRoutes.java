package io.gitcollector.publish;

import io.gitcollector.config.CollectorProperties;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;

/**
 * Publish: a list of messages in, one Kafka record each (keyed by repository id, topic per message),
 * written by an idempotent, acks=all producer; the exchange completes when all are acknowledged.
 */
@Component
public class PublishRoutes extends RouteBuilder {

    public static final String PUBLISH = "direct:publish-events";
    public static final String DEAD_LETTER = "direct:dead-letter";

    private final CollectorProperties properties;

    public PublishRoutes(CollectorProperties properties) {
        this.properties = properties;
    }

    @Override
    public void configure() {
        // Every message names its topic (kafka.OVERRIDE_TOPIC); the endpoint's own topic is never used.
        from(PUBLISH).routeId("publish-events")
                .to("kafka:" + properties.getKafka().getDeadLetterTopic());

        from(DEAD_LETTER).routeId("publish-dead-letter")
                .removeHeaders("*", KafkaConstants.KEY)
                .setHeader("event_type", constant("dead_letter"))
                .to("kafka:" + properties.getKafka().getDeadLetterTopic());
    }
}
