package io.gitcollector.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The organizations registered over the API ({@code git:organizations}, id → entry as JSON), and what each one's
 * last discovery found ({@code git:organizations:discoveries}). In Redis, so every instance discovers them.
 */
@Component
public class RegisteredOrganizationStore {

    private final StringRedisTemplate redis;
    private final ObjectMapper mapper;
    private final JsonEntries<RegisteredOrganization> entries;

    public RegisteredOrganizationStore(StringRedisTemplate redis, ObjectMapper mapper) {
        this.redis = redis;
        this.mapper = mapper;
        this.entries = new JsonEntries<>(redis, mapper, RedisKeys.REGISTERED_ORGANIZATIONS, RegisteredOrganization.class);
    }

    /** @return true if stored; false if the organization was registered already */
    public boolean addIfAbsent(RegisteredOrganization entry) {
        return entries.addIfAbsent(entry.organizationId(), entry);
    }

    public Optional<RegisteredOrganization> find(String organizationId) {
        return entries.find(organizationId);
    }

    public List<RegisteredOrganization> all() {
        return entries.all();
    }

    /** @return true if there was one to remove (its last discovery is forgotten with it) */
    public boolean remove(String organizationId) {
        redis.opsForHash().delete(RedisKeys.ORGANIZATION_DISCOVERIES, organizationId);
        return entries.remove(organizationId);
    }

    /** Keeps what a discovery found (or why it failed), for the listing. */
    public void recordDiscovery(String organizationId, Map<String, Object> outcome) {
        redis.opsForHash().put(RedisKeys.ORGANIZATION_DISCOVERIES, organizationId, JsonEntries.write(mapper, outcome));
    }

    public Optional<JsonNode> lastDiscovery(String organizationId) {
        Object json = redis.opsForHash().get(RedisKeys.ORGANIZATION_DISCOVERIES, organizationId);
        try {
            return json == null ? Optional.empty() : Optional.of(mapper.readTree(json.toString()));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
