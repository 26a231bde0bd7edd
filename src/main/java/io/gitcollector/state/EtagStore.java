package io.gitcollector.state;

import java.net.URI;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The ETag of each resource's first page, as of the resource's last completed collection, at
 * {@code git:etag:{repository_id}}. An unchanged first page answers 304, which costs no quota.
 */
@Component
public class EtagStore {

    private final StringRedisTemplate redis;

    public EtagStore(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** The ETag stored for this resource, if it was stored for this very URL. */
    public Optional<String> find(String repositoryId, String resource, URI firstPage) {
        Object stored = redis.opsForHash().get(RedisKeys.etags(repositoryId), resource);
        if (stored == null) {
            return Optional.empty();
        }
        String value = stored.toString();
        int space = value.indexOf(' ');
        return space > 0 && value.substring(0, space).equals(firstPage.toString())
                ? Optional.of(value.substring(space + 1)) : Optional.empty();
    }

    /** Called only once every page of the resource was published. */
    public void store(String repositoryId, String resource, URI firstPage, String etag) {
        redis.opsForHash().put(RedisKeys.etags(repositoryId), resource, firstPage + " " + etag);
    }
}
