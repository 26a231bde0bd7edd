package io.gitcollector.publish;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.model.CollectionJob;
import io.gitcollector.model.UtcTimes;

/** Wraps normalized data in the envelope of EVENTS.md. */
public final class EventEnvelopes {

    public static final int SCHEMA_VERSION = 1;

    private EventEnvelopes() {
    }

    /**
     * The deterministic event id: the same entity at the same version gives the same id, so it is
     * also the dedup key.
     */
    public static String eventId(String repositoryId, String entity, String identity, String version) {
        return "evt-" + sha256(repositoryId + "\n" + entity + "\n" + identity + "\n" + version).substring(0, 32);
    }

    public static ObjectNode envelope(ObjectMapper mapper, String eventId, String eventType, CollectionJob job,
                                      JsonNode data, Instant now) {
        ObjectNode envelope = mapper.createObjectNode();
        envelope.put("event_id", eventId);
        envelope.put("event_type", eventType);
        envelope.put("schema_version", SCHEMA_VERSION);
        envelope.put("timestamp", UtcTimes.format(now));
        envelope.put("source", job.platform());
        envelope.put("repository_id", job.repositoryId());
        envelope.put("repository_url", job.repositoryUrl());
        envelope.put("sync_mode", job.syncMode());
        envelope.set("data", data);
        return envelope;
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
