package io.gitcollector.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The organizations registered over the API ({@code git:organizations}, id → entry as JSON), and what each one's
 * last discovery found ({@code git:organizations:discoveries}). In Redis, so every instance discovers them.
 */
@Component
public class RegisteredOrganizationStore {

    private static final Logger LOG = LoggerFactory.getLogger(RegisteredOrganizationStore.class);

    private final StringRedisTemplate redis;
    private final ObjectMapper mapper;

    public RegisteredOrganizationStore(StringRedisTemplate redis, ObjectMapper mapper) {
        this.redis = redis;
        this.mapper = mapper;
    }

    /** @return true if stored; false if the organization was registered already */
    public boolean addIfAbsent(RegisteredOrganization entry) {
        return Boolean.TRUE.equals(redis.opsForHash().putIfAbsent(RedisKeys.REGISTERED_ORGANIZATIONS,
                entry.organizationId(), write(entry)));
    }

    public Optional<RegisteredOrganization> find(String organizationId) {
        Object json = redis.opsForHash().get(RedisKeys.REGISTERED_ORGANIZATIONS, organizationId);
        return json == null ? Optional.empty() : Optional.ofNullable(read(json.toString()));
    }

    public List<RegisteredOrganization> all() {
        List<RegisteredOrganization> entries = new ArrayList<>();
        for (Object json : redis.opsForHash().values(RedisKeys.REGISTERED_ORGANIZATIONS)) {
            RegisteredOrganization entry = read(json.toString());
            if (entry != null) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** @return true if there was one to remove (its last discovery is forgotten with it) */
    public boolean remove(String organizationId) {
        redis.opsForHash().delete(RedisKeys.ORGANIZATION_DISCOVERIES, organizationId);
        Long removed = redis.opsForHash().delete(RedisKeys.REGISTERED_ORGANIZATIONS, organizationId);
        return removed != null && removed > 0;
    }

    /** Keeps what a discovery found (or why it failed), for the listing. */
    public void recordDiscovery(String organizationId, Map<String, Object> outcome) {
        redis.opsForHash().put(RedisKeys.ORGANIZATION_DISCOVERIES, organizationId, write(outcome));
    }

    public Optional<JsonNode> lastDiscovery(String organizationId) {
        Object json = redis.opsForHash().get(RedisKeys.ORGANIZATION_DISCOVERIES, organizationId);
        try {
            return json == null ? Optional.empty() : Optional.of(mapper.readTree(json.toString()));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An entry written by hand and unreadable is left out (and said so), not allowed to stop every discovery. */
    private RegisteredOrganization read(String json) {
        try {
            return mapper.readValue(json, RegisteredOrganization.class);
        } catch (JsonProcessingException e) {
            LOG.warn("Unreadable entry in {} left out: {}", RedisKeys.REGISTERED_ORGANIZATIONS, e.getOriginalMessage());
            return null;
        }
    }
}
