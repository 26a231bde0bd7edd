package io.gitcollector.state;

import java.time.Duration;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Webhook deliveries taken, by the platform's delivery id: {@code git:webhook:{platform}:{delivery}}. A delivery is
 * claimed before it is queued (one Redis round trip decides, so two copies arriving at once are queued once), and
 * kept once it is queued; a delivery that could not be queued is let go, so that its redelivery is taken.
 */
@Component
public class DeliveryStore {

    /** How long a claim holds while its delivery is being queued. */
    private static final Duration CLAIM = Duration.ofMinutes(2);

    private final StringRedisTemplate redis;

    public DeliveryStore(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** @return false when the delivery was taken before (or is being taken now) */
    public boolean claim(String platform, String delivery) {
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(RedisKeys.webhookDelivery(platform, delivery), "queuing", CLAIM));
    }

    /** Called once the delivery is on the webhooks topic. */
    public void keep(String platform, String delivery, Duration memory) {
        redis.opsForValue().set(RedisKeys.webhookDelivery(platform, delivery), "queued", memory);
    }

    /** Called when the delivery could not be queued: a redelivery is taken. */
    public void release(String platform, String delivery) {
        redis.delete(RedisKeys.webhookDelivery(platform, delivery));
    }
}
