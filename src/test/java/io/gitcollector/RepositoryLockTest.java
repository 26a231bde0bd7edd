package io.gitcollector;

import io.gitcollector.state.RedisKeys;
import io.gitcollector.state.RepositoryLock;
import io.gitcollector.support.CollectorIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class RepositoryLockTest extends CollectorIntegrationTest {

    @Autowired RepositoryLock lock;
    @Autowired StringRedisTemplate redis;

    @Test
    void oneHolderAtATime() {
        String first = lock.tryAcquire("repo-lock-one");

        assertThat(first).isNotNull();
        assertThat(lock.tryAcquire("repo-lock-one")).isNull();
        lock.release("repo-lock-one", first);
        assertThat(lock.tryAcquire("repo-lock-one")).isNotNull();
    }

    @Test
    void aLockThatExpiredDuringASlowCallIsTakenBackIfNobodyElseTookIt() {
        String token = lock.tryAcquire("repo-lock-slow");
        redis.delete(RedisKeys.lock("repo-lock-slow")); // as if its TTL ran out

        assertThat(lock.renew("repo-lock-slow", token)).isTrue();
        assertThat(redis.opsForValue().get(RedisKeys.lock("repo-lock-slow"))).isEqualTo(token);
        assertThat(redis.getExpire(RedisKeys.lock("repo-lock-slow"))).isPositive();
    }

    @Test
    void aLockTakenByAnotherRunIsLost() {
        String token = lock.tryAcquire("repo-lock-lost");
        redis.delete(RedisKeys.lock("repo-lock-lost"));
        String other = lock.tryAcquire("repo-lock-lost");

        assertThat(lock.renew("repo-lock-lost", token)).isFalse();
        assertThat(redis.opsForValue().get(RedisKeys.lock("repo-lock-lost"))).isEqualTo(other);
    }
}
