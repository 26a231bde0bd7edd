package io.gitcollector.collect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.model.UtcTimes;
import io.gitcollector.publish.EventEnvelopes;
import io.gitcollector.state.VersionChain;
import org.springframework.stereotype.Component;

/** Wraps a page of mapped items in the contract's envelope, with event ids from identity and version. */
@Component
class PageEnvelopes {

    private final VersionChain versions;
    private final ObjectMapper mapper;
    private final CollectorProperties.Sync sync;

    PageEnvelopes(VersionChain versions, ObjectMapper mapper, CollectorProperties properties) {
        this.versions = versions;
        this.mapper = mapper;
        this.sync = properties.getSync();
    }

    /** A page's envelopes, and the hash versions to remember once they are published. */
    final class Envelopes {
        final List<ObjectNode> page = new ArrayList<>();
        final List<String> hashedIdentities = new ArrayList<>();
        final List<String> hashes = new ArrayList<>();
        List<String> hashVersions = List.of();
        String repositoryId;
        String entity;

        void rememberVersions() {
            versions.remember(repositoryId, entity, hashedIdentities, hashes, hashVersions);
        }
    }

    /**
     * Wraps mapped items in envelopes. The event id is made of entity, identity and version: the
     * source's version field, or for an entity without one, a version from {@link VersionChain}.
     */
    Envelopes envelopes(ResourceSpec spec, JobContext context, List<ObjectNode[]> mappedItems) {
        Envelopes result = new Envelopes();
        result.repositoryId = context.job().repositoryId();
        result.entity = spec.entity();
        String[] identities = new String[mappedItems.size()];
        String[] explicit = new String[mappedItems.size()];
        List<Integer> hashed = new ArrayList<>();
        for (int i = 0; i < mappedItems.size(); i++) {
            ObjectNode data = (ObjectNode) mappedItems.get(i)[0].get("data");
            JsonNode versionNode = spec.version() == null ? null : ResourceSpec.field(data, spec.version());
            // A version time keeps the fraction the platform sent: two states of a merge request within one second
            // are two versions, though the event says both times to the second.
            String version = versionNode == null || versionNode.isNull() || versionNode.isMissingNode() ? null
                    : UtcTimes.exactText(versionNode);
            UtcTimes.normalize(data);
            identities[i] = ResourceSpec.field(data, spec.identity()).asText();
            if (version == null) {
                hashed.add(i);
                result.hashedIdentities.add(identities[i]);
                result.hashes.add(EventEnvelopes.sha256(data.toString()));
            } else {
                explicit[i] = version;
            }
        }
        result.hashVersions = versions.versions(result.repositoryId, spec.entity(), result.hashedIdentities, result.hashes);
        for (int h = 0; h < hashed.size(); h++) {
            explicit[hashed.get(h)] = result.hashVersions.get(h);
        }
        for (int i = 0; i < mappedItems.size(); i++) {
            ObjectNode mapped = mappedItems.get(i)[0];
            ObjectNode data = (ObjectNode) mapped.get("data");
            if (sync.isIncludeRaw() && mappedItems.get(i)[1] != null) {
                data.set("raw", mappedItems.get(i)[1]);
            }
            String eventId = EventEnvelopes.eventId(result.repositoryId, spec.entity(), identities[i], explicit[i]);
            result.page.add(EventEnvelopes.envelope(mapper, eventId, mapped.get("event_type").asText(), context.job(),
                    data, Instant.now()));
        }
        return result;
    }

    /** The topic each event goes to: the source's {@code topic}, else the contract's topic for its type. */
    static java.util.Map<String, List<ObjectNode>> byTopic(ResourceSpec spec, List<ObjectNode> page) {
        java.util.Map<String, List<ObjectNode>> byTopic = new java.util.LinkedHashMap<>();
        for (ObjectNode envelope : page) {
            String topic = spec.topic() != null ? spec.topic()
                    : io.gitcollector.publish.EventTopics.topicOf(envelope.path("event_type").asText()).orElseThrow();
            byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(envelope);
        }
        return byTopic;
    }
}
