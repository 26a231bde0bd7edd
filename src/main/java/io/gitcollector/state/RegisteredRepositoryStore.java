package io.gitcollector.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The repository schedules registered over the API: one Redis hash, {@code git:repositories}, repository id → entry
 * as JSON. In Redis, not in one instance's memory, so every instance schedules them and a restart keeps them.
 */
@Component
public class RegisteredRepositoryStore {

    private static final Logger LOG = LoggerFactory.getLogger(RegisteredRepositoryStore.class);

    private final StringRedisTemplate redis;
    private final ObjectMapper mapper;

    public RegisteredRepositoryStore(StringRedisTemplate redis, ObjectMapper mapper) {
        this.redis = redis;
        this.mapper = mapper;
    }

    /** @return true if stored; false if the repository was registered already (HSETNX: two registrations at once store one) */
    public boolean addIfAbsent(RegisteredRepository entry) {
        try {
            return Boolean.TRUE.equals(redis.opsForHash().putIfAbsent(RedisKeys.REGISTERED_REPOSITORIES,
                    entry.repositoryId(), mapper.writeValueAsString(entry)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<RegisteredRepository> find(String repositoryId) {
        Object json = redis.opsForHash().get(RedisKeys.REGISTERED_REPOSITORIES, repositoryId);
        return json == null ? Optional.empty() : Optional.ofNullable(read(json.toString()));
    }

    public List<RegisteredRepository> all() {
        List<RegisteredRepository> entries = new ArrayList<>();
        for (Object json : redis.opsForHash().values(RedisKeys.REGISTERED_REPOSITORIES)) {
            RegisteredRepository entry = read(json.toString());
            if (entry != null) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** @return true if there was one to remove */
    public boolean remove(String repositoryId) {
        Long removed = redis.opsForHash().delete(RedisKeys.REGISTERED_REPOSITORIES, repositoryId);
        return removed != null && removed > 0;
    }

    /** An entry written by hand and unreadable is left out (and said so), not allowed to stop every schedule. */
    private RegisteredRepository read(String json) {
        try {
            return mapper.readValue(json, RegisteredRepository.class);
        } catch (JsonProcessingException e) {
            LOG.warn("Unreadable entry in {} left out of the schedule: {}", RedisKeys.REGISTERED_REPOSITORIES, e.getOriginalMessage());
            return null;
        }
    }
}
