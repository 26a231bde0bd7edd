package io.gitcollector.state;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The last answer to each page of a resource read with {@code conditional: each-page}, at
 * {@code git:pages:{repository_id}} (field: the page's URL): its ETag, the next page's URL, and the body where
 * a 304 must be answered from it (items that lead to child resources or embedded lists). Unused pages (a
 * branch no longer protected) go with the key, which lives {@link #KEPT} after its last write.
 */
@Component
public class PageStore {

    static final Duration KEPT = Duration.ofDays(30);

    /** One stored answer; {@code next} and {@code body} are null when there was none (or none was kept). */
    public record Page(String etag, URI next, String body) {
    }

    private final StringRedisTemplate redis;

    public PageStore(StringRedisTemplate redis) {
        this.redis = redis;
    }

    public Optional<Page> find(String repositoryId, URI page) {
        Object stored = redis.opsForHash().get(RedisKeys.pages(repositoryId), page.toString());
        if (stored == null) {
            return Optional.empty();
        }
        // etag \n next \n body: an ETag and a URL hold no line break; the body may.
        String value = stored.toString();
        int first = value.indexOf('\n');
        int second = first < 0 ? -1 : value.indexOf('\n', first + 1);
        if (second < 0) {
            return Optional.empty();
        }
        String next = value.substring(first + 1, second);
        String body = value.substring(second + 1);
        return Optional.of(new Page(value.substring(0, first), next.isEmpty() ? null : URI.create(next),
                body.isEmpty() ? null : body));
    }

    /** Called once the page's items (and their children) are published. */
    public void store(String repositoryId, URI page, Page answer) {
        String key = RedisKeys.pages(repositoryId);
        redis.opsForHash().put(key, page.toString(), answer.etag() + "\n" + (answer.next() == null ? "" : answer.next())
                + "\n" + (answer.body() == null ? "" : answer.body()));
        redis.expire(key, KEPT);
    }
}
