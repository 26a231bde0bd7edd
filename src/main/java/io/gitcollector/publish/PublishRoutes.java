package io.gitcollector.publish;

import io.gitcollector.config.CollectorProperties;
import io.gitcollector.state.RedisKeys;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.redis.processor.idempotent.SpringRedisStringIdempotentRepository;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/** Publish: dedup against Redis, then an idempotent, acks=all Kafka write keyed by repository id. */
@Component
public class PublishRoutes extends RouteBuilder {

    public static final String PUBLISH = "direct:publish-event";
    public static final String DEAD_LETTER = "direct:dead-letter";

    private final SpringRedisStringIdempotentRepository dedup;
    private final CollectorProperties properties;

    public PublishRoutes(StringRedisTemplate redis, CollectorProperties properties) {
        this.properties = properties;
        this.dedup = new SpringRedisStringIdempotentRepository(redis, RedisKeys.DEDUP_PREFIX);
        this.dedup.setExpiry(properties.getSync().getDedupTtl().toSeconds());
    }

    @Override
    public void configure() {
        // The dedup key is added before the write and removed again if the write fails (eager + removeOnFailure),
        // so a failed write is retried by the next run instead of being skipped as a duplicate.
        from(PUBLISH).routeId("publish-event")
                .idempotentConsumer(exchangeProperty(EventPublisher.EVENT_ID)).idempotentRepository(dedup)
                    .eager(true).removeOnFailure(true).skipDuplicate(false)
                    .filter(exchangeProperty(Exchange.DUPLICATE_MESSAGE).isEqualTo(true))
                        .stop()
                    .end()
                    .removeHeaders("*")
                    .setHeader(KafkaConstants.KEY, exchangeProperty(EventPublisher.REPOSITORY_ID))
                    .setHeader(KafkaConstants.OVERRIDE_TOPIC, exchangeProperty(EventPublisher.TOPIC))
                    .setHeader("event_type", exchangeProperty(EventPublisher.EVENT_TYPE))
                    .setHeader("source", exchangeProperty(EventPublisher.SOURCE))
                    .to("kafka:" + properties.getKafka().getDeadLetterTopic())
                .end();

        from(DEAD_LETTER).routeId("publish-dead-letter")
                .removeHeaders("*")
                .setHeader("event_type", constant("dead_letter"))
                .to("kafka:" + properties.getKafka().getDeadLetterTopic());
    }
}
