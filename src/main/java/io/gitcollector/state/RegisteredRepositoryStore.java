package io.gitcollector.state;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The repository schedules registered over the API: one Redis hash, {@code git:repositories}, repository id → entry
 * as JSON. In Redis, not in one instance's memory, so every instance schedules them and a restart keeps them.
 */
@Component
public class RegisteredRepositoryStore {

    private final JsonEntries<RegisteredRepository> entries;

    public RegisteredRepositoryStore(StringRedisTemplate redis, ObjectMapper mapper) {
        this.entries = new JsonEntries<>(redis, mapper, RedisKeys.REGISTERED_REPOSITORIES, RegisteredRepository.class);
    }

    /** @return true if stored; false if the repository was registered already (two registrations at once store one) */
    public boolean addIfAbsent(RegisteredRepository entry) {
        return entries.addIfAbsent(entry.repositoryId(), entry);
    }

    public Optional<RegisteredRepository> find(String repositoryId) {
        return entries.find(repositoryId);
    }

    public List<RegisteredRepository> all() {
        return entries.all();
    }

    /** @return true if there was one to remove */
    public boolean remove(String repositoryId) {
        return entries.remove(repositoryId);
    }
}
