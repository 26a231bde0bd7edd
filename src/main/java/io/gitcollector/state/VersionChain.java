package io.gitcollector.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Versions of entities that have no version of their own (branch protection, a team, health figures),
 * at {@code git:versions:{repository_id}}: entity and identity → the hash of the data last published
 * and the version it was published as. The same data as last time keeps its version (and so its
 * event id: a duplicate); changed data gets a new version that names the hash it replaces. A state
 * that comes back (protection off, then on again) is therefore a new event, not a duplicate of the
 * first time it was seen.
 */
@Component
public class VersionChain {

    private final StringRedisTemplate redis;

    public VersionChain(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** A version for each (identity, hash) of one entity; {@link #remember} once they are published. */
    public List<String> versions(String repositoryId, String entity, List<String> identities, List<String> hashes) {
        if (identities.isEmpty()) {
            return List.of();
        }
        List<Object> fields = new ArrayList<>();
        identities.forEach(identity -> fields.add(field(entity, identity)));
        List<Object> stored = redis.opsForHash().multiGet(RedisKeys.versions(repositoryId), fields);
        List<String> versions = new ArrayList<>(identities.size());
        for (int i = 0; i < identities.size(); i++) {
            String hash = hashes.get(i);
            Object previous = stored.get(i);
            if (previous == null) {
                versions.add("sha256:" + hash);
                continue;
            }
            String[] parts = previous.toString().split(" ", 2);
            versions.add(parts[0].equals(hash) ? parts[1] : "sha256:" + hash + "<-" + parts[0]);
        }
        return versions;
    }

    public void remember(String repositoryId, String entity, List<String> identities, List<String> hashes, List<String> versions) {
        if (identities.isEmpty()) {
            return;
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < identities.size(); i++) {
            entries.put(field(entity, identities.get(i)), hashes.get(i) + " " + versions.get(i));
        }
        redis.opsForHash().putAll(RedisKeys.versions(repositoryId), entries);
    }

    private static String field(String entity, String identity) {
        return entity + ":" + identity;
    }
}
