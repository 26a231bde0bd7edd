package io.gitcollector.state;

import java.time.Duration;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/** Webhook deliveries already accepted, by the platform's delivery id: {@code git:webhook:{platform}:{delivery}}. */
@Component
public class DeliveryStore {

    private final StringRedisTemplate redis;

    public DeliveryStore(StringRedisTemplate redis) {
        this.redis = redis;
    }

    public boolean seen(String platform, String delivery) {
        return Boolean.TRUE.equals(redis.hasKey(RedisKeys.webhookDelivery(platform, delivery)));
    }

    /** Called once the delivery is on the webhooks topic: a redelivery before that is accepted again. */
    public void remember(String platform, String delivery, Duration memory) {
        redis.opsForValue().set(RedisKeys.webhookDelivery(platform, delivery), "1", memory);
    }
}
