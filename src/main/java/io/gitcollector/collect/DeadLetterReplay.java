package io.gitcollector.collect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.embedded.Infrastructure;
import io.gitcollector.identity.PlatformRegistry;
import io.gitcollector.model.CollectionJob;
import io.gitcollector.publish.EventPublisher;
import io.gitcollector.publish.TopicScan;
import io.gitcollector.secrets.SecretRedactor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Maps the dead letters again with the source's mapper as it is now (after a fix to the YAML, say)
 * and publishes what maps, with the event ids a normal collection would give them: replaying twice,
 * or collecting the item again later, publishes it once. What still fails stays on the topic.
 */
@Component
public class DeadLetterReplay {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplay.class);
    private static final int REPORTED_FAILURES = 20;

    private final Infrastructure infrastructure;
    private final String deadLetterTopic;
    private final PlatformRegistry platforms;
    private final ItemMapper itemMapper;
    private final PageEnvelopes envelopes;
    private final EventPublisher publisher;
    private final ObjectMapper mapper;
    private final io.gitcollector.state.RepositoryLock locks;
    private final SecretRedactor redactor;

    public DeadLetterReplay(Infrastructure infrastructure, CollectorProperties properties, PlatformRegistry platforms,
                            ItemMapper itemMapper, PageEnvelopes envelopes, EventPublisher publisher, ObjectMapper mapper,
                            io.gitcollector.state.RepositoryLock locks, SecretRedactor redactor) {
        this.locks = locks;
        this.redactor = redactor;
        this.infrastructure = infrastructure;
        this.deadLetterTopic = properties.getKafka().getDeadLetterTopic();
        this.platforms = platforms;
        this.itemMapper = itemMapper;
        this.envelopes = envelopes;
        this.publisher = publisher;
        this.mapper = mapper;
    }

    /**
     * Replays every dead letter, or those of one repository; returns the counts and the first failures.
     * Each repository's letters are replayed under its lock, so a collection cannot publish the same
     * item at the same time; a repository being collected is left for a later replay.
     */
    public synchronized Map<String, Object> replay(String repositoryId) throws Exception {
        Map<String, String> held = new LinkedHashMap<>();
        try {
            return replayLocked(repositoryId, held);
        } finally {
            held.forEach(locks::release);
        }
    }

    private Map<String, Object> replayLocked(String repositoryId, Map<String, String> held) throws Exception {
        long busy = 0;
        long read = 0;
        long published = 0;
        long alreadyPublished = 0;
        long stillFailing = 0;
        long notReplayable = 0;
        List<Map<String, String>> failures = new ArrayList<>();
        for (ConsumerRecord<String, String> record : TopicScan.records(infrastructure.kafkaBrokers(), deadLetterTopic,
                Duration.ofMinutes(1))) {
            if (repositoryId != null && !repositoryId.equals(record.key())) {
                continue;
            }
            JsonNode letter = mapper.readTree(record.value());
            read++;
            String repository = letter.path("repository_id").asText();
            if (!held.containsKey(repository)) {
                String token = locks.tryAcquire(repository);
                if (token == null) {
                    busy++;
                    report(failures, letter, "the repository is being collected: replay again when it is done");
                    continue;
                }
                held.put(repository, token);
            }
            JsonNode data = letter.path("data");
            JsonNode replay = data.path("replay");
            if (!replay.path("mapper").isTextual() || !platforms.platforms().containsKey(letter.path("source").asText())) {
                notReplayable++;
                report(failures, letter, "not replayable: no mapper recorded, or the platform is no longer configured");
                continue;
            }
            ResourceSpec spec = spec(data.path("resource").asText(), replay);
            JobContext context = new JobContext(job(letter), platforms.platform(letter.path("source").asText()),
                    new JobProgress(), () -> { }, () -> { });
            JsonNode parent = replay.path("parent").isObject() ? replay.get("parent") : null;
            List<ObjectNode> mapped = itemMapper.map(spec, context, data.path("payload"), parent);
            if (context.progress().resource(spec.resource()).deadLetters() > 0) {
                stillFailing++;
                report(failures, letter, "still failing");
                continue;
            }
            List<ObjectNode[]> items = new ArrayList<>();
            mapped.forEach(event -> items.add(new ObjectNode[] {event, null}));
            PageEnvelopes.Envelopes page = envelopes.envelopes(spec, context, items);
            int now = 0;
            for (Map.Entry<String, List<ObjectNode>> topic : PageEnvelopes.byTopic(spec, page.page).entrySet()) {
                now += publisher.publishAll(topic.getKey(), topic.getValue());
            }
            page.rememberVersions();
            published += now;
            alreadyPublished += page.page.size() - now;
        }
        LOG.info("Dead-letter replay{}: {} read, {} events published, {} already published, {} still failing, {} not replayable",
                repositoryId == null ? "" : " of " + repositoryId, read, published, alreadyPublished, stillFailing, notReplayable);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("dead_letters_read", read);
        result.put("events_published", published);
        result.put("already_published", alreadyPublished);
        result.put("still_failing", stillFailing);
        result.put("not_replayable", notReplayable);
        result.put("repository_busy", busy);
        result.put("failures", failures);
        return result;
    }

    private static ResourceSpec spec(String resource, JsonNode replay) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("path", "/");
        parameters.put("mapper", replay.path("mapper").asText());
        parameters.put("entity", replay.path("entity").asText());
        parameters.put("identity", replay.path("identity").asText());
        if (replay.path("version").isTextual()) {
            parameters.put("version", replay.path("version").asText());
        }
        if (replay.path("topic").isTextual()) {
            parameters.put("topic", replay.path("topic").asText());
        }
        return ResourceSpec.fromParameters(resource, parameters);
    }

    private static CollectionJob job(JsonNode letter) {
        return new CollectionJob(letter.path("repository_id").asText(), letter.path("repository_url").asText(),
                letter.path("source").asText(), "", letter.path("sync_mode").asText(CollectionJob.FULL), null, "dead-letter replay");
    }

    /** A letter written before reasons were redacted may still hold a secret: the answer never shows it. */
    private void report(List<Map<String, String>> failures, JsonNode letter, String why) {
        if (failures.size() < REPORTED_FAILURES) {
            failures.add(Map.of("event_id", letter.path("event_id").asText(), "reason", why,
                    "original_reason", redactor.redact(letter.path("data").path("reason").asText())));
        }
    }
}
