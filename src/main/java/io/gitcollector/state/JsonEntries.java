package io.gitcollector.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Entries kept as JSON in one Redis hash, id → entry (the repositories and the organizations registered over the
 * API). An entry written by hand and unreadable is left out with a warning, not allowed to stop every schedule.
 */
final class JsonEntries<T> {

    private static final Logger LOG = LoggerFactory.getLogger(JsonEntries.class);

    private final StringRedisTemplate redis;
    private final ObjectMapper mapper;
    private final String key;
    private final Class<T> type;

    JsonEntries(StringRedisTemplate redis, ObjectMapper mapper, String key, Class<T> type) {
        this.redis = redis;
        this.mapper = mapper;
        this.key = key;
        this.type = type;
    }

    /** @return true if stored; false if the id has an entry already (HSETNX: two registrations at once store one) */
    boolean addIfAbsent(String id, T entry) {
        return Boolean.TRUE.equals(redis.opsForHash().putIfAbsent(key, id, write(mapper, entry)));
    }

    Optional<T> find(String id) {
        Object json = redis.opsForHash().get(key, id);
        return json == null ? Optional.empty() : Optional.ofNullable(read(json.toString()));
    }

    List<T> all() {
        List<T> entries = new ArrayList<>();
        for (Object json : redis.opsForHash().values(key)) {
            T entry = read(json.toString());
            if (entry != null) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** @return true if there was one to remove */
    boolean remove(String id) {
        Long removed = redis.opsForHash().delete(key, id);
        return removed != null && removed > 0;
    }

    static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private T read(String json) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            LOG.warn("Unreadable entry in {} left out: {}", key, e.getOriginalMessage());
            return null;
        }
    }
}
