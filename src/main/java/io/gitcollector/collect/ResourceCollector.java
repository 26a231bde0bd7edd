package io.gitcollector.collect;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.health.HealthLedger;
import io.gitcollector.http.ApiResponse;
import io.gitcollector.http.Pagination;
import io.gitcollector.http.PaginationStyles;
import io.gitcollector.http.PlatformApiException;
import io.gitcollector.http.PlatformHttpClient;
import io.gitcollector.publish.EventEnvelopes;
import io.gitcollector.publish.EventPublisher;
import io.gitcollector.publish.EventTopics;
import io.gitcollector.state.EtagStore;
import io.gitcollector.state.RedisKeys;
import io.gitcollector.state.VersionChain;
import io.gitcollector.state.WatermarkStore;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Collects one resource of one repository: page by page (only one page is held at a time), each
 * item mapped by the source's mapper route, wrapped, deduplicated and published; child resources
 * collected per item; the watermark (and the first page's ETag) stored once every page is published.
 */
@Component
public class ResourceCollector {

    /**
     * The parent item's normalized data: for a child resource's {@code {parent.field}} path variables,
     * and for its mapper as the exchange property {@code parent} (jq: {@code property("parent")}).
     */
    public static final String PARENT = "collector.parent";
    static final String MAPPER_PARENT = "parent";

    private static final Logger LOG = LoggerFactory.getLogger(ResourceCollector.class);
    private static final Pattern VARIABLE = Pattern.compile("\\{([a-zA-Z_][a-zA-Z0-9_.]*)}");

    private final PlatformHttpClient http;
    private final ProducerTemplate template;
    private final EventPublisher publisher;
    private final WatermarkStore watermarks;
    private final EtagStore etags;
    private final StringRedisTemplate redis;
    private final ObjectMapper mapper;
    private final CollectorProperties.Sync sync;
    private final String deadLetterTopic;
    private final HealthLedger ledger;
    private final VersionChain versions;

    public ResourceCollector(PlatformHttpClient http, ProducerTemplate template, EventPublisher publisher,
                             WatermarkStore watermarks, EtagStore etags, StringRedisTemplate redis, ObjectMapper mapper,
                             CollectorProperties properties, HealthLedger ledger, VersionChain versions) {
        this.ledger = ledger;
        this.versions = versions;
        this.http = http;
        this.template = template;
        this.publisher = publisher;
        this.watermarks = watermarks;
        this.etags = etags;
        this.redis = redis;
        this.mapper = mapper;
        this.sync = properties.getSync();
        this.deadLetterTopic = properties.getKafka().getDeadLetterTopic();
    }

    public void collect(ResourceSpec spec, Exchange exchange) throws Exception {
        JobContext context = JobContext.from(exchange);
        JsonNode parent = exchange.getProperty(PARENT, JsonNode.class);
        String repositoryId = context.job().repositoryId();
        ResourceProgress progress = context.progress().resource(spec.resource());
        // Child resources (reviews of one pull request) are collected whole each time their parent changed.
        boolean topLevel = parent == null;

        Run run = new Run(spec, context, progress);
        if (spec.watermark() != null && topLevel) {
            Optional<Instant> watermark = context.incremental() ? watermarks.get(repositoryId, spec.resource()) : Optional.empty();
            run.since = watermark.map(w -> w.minus(sync.getWatermarkOverlap())).orElse(null);
            run.newest = watermark.orElse(null);
            run.tracksWatermark = true;
        }
        URI first = firstPage(spec, context, parent, Optional.ofNullable(run.since));
        // Only an incremental run may skip a resource on 304: a full run asks for everything.
        String ifNoneMatch = topLevel && context.incremental() && spec.conditional()
                ? etags.find(repositoryId, spec.resource(), first).orElse(null) : null;
        String firstEtag = null;
        var pagination = PaginationStyles.named(spec.pagination());

        try {
            firstEtag = collectPages(spec, context, run, first, ifNoneMatch, parent, pagination, progress);
        } catch (SkippedResource skipped) {
            // A part the token may not read (a team's members): the resource stops there and keeps its
            // watermark; what it published before stays, nothing is published with holes.
            LOG.warn("{} of {}: skipped, the token may not read it ({})", spec.resource(), repositoryId, skipped.getMessage());
            progress.markSkipped();
            context.onPage().run();
            return;
        }
        if (run.tracksWatermark && run.pendingFrom != null && (run.newest == null || run.pendingFrom.isBefore(run.newest))) {
            run.newest = run.pendingFrom; // the next run must reach back to what is still in progress
        }
        if (run.tracksWatermark && run.newest != null) {
            watermarks.advance(repositoryId, spec.resource(), run.newest);
        }
        if (topLevel && firstEtag != null) {
            etags.store(repositoryId, spec.resource(), first, firstEtag);
        }
        if (topLevel) {
            progress.markDone();
            context.onPage().run();
        }
    }

    /** Reads the resource page by page; returns the first page's ETag (null if none or not read). */
    private String collectPages(ResourceSpec spec, JobContext context, Run run, URI first, String ifNoneMatch,
                                JsonNode parent, Pagination pagination, ResourceProgress progress) throws java.io.IOException {
        String repositoryId = context.job().repositoryId();
        boolean topLevel = parent == null;
        String firstEtag = null;
        URI next = first;
        while (next != null && !run.reachedWatermark) {
            context.beforeApiCall().run();
            ApiResponse response;
            try {
                response = http.get(context.platform(), next, next == first ? ifNoneMatch : null);
            } catch (PlatformApiException e) {
                context.progress().apiCall(spec.resource());
                if (next == first && spec.emptyOnStatus().contains(e.status())) {
                    LOG.info("{} of {}: HTTP {} means no items here", spec.resource(), repositoryId, e.status());
                    break;
                }
                if (next == first && spec.skipOnStatus().contains(e.status())) {
                    LOG.warn("{} of {}: skipped, the token may not read it ({})", spec.resource(), repositoryId, e.getMessage());
                    progress.markSkipped();
                    break;
                }
                throw e;
            }
            context.progress().apiCall(spec.resource());
            recordRateLimit(context, response);
            if (response.status() == 304) {
                progress.countNotModified(); // the first page is as it was after the last completed run
                break;
            }
            JsonNode body = mapper.readTree(response.body());
            if (next == first) {
                firstEtag = response.header("ETag");
                if (topLevel) {
                    pagination.pageCount(response, body).ifPresent(progress::expectPages);
                }
            }
            collectPage(run, items(spec.items(), body), parent);
            next = pagination.next(response, body).orElse(null);
                }
        return firstEtag;
    }

    /** A part of the resource answered one of its skipOnStatus statuses. */
    private static final class SkippedResource extends RuntimeException {
        SkippedResource(String message) {
            super(message, null, false, false);
        }
    }

    /** One resource's collection in this job: where incremental starts and what it has seen. */
    private static final class Run {
        final ResourceSpec spec;
        final JobContext context;
        final ResourceProgress progress;
        final Instant startedAt = Instant.now();
        boolean tracksWatermark;
        Instant since;
        Instant newest;
        Instant pendingFrom;
        boolean reachedWatermark;

        Run(ResourceSpec spec, JobContext context, ResourceProgress progress) {
            this.spec = spec;
            this.context = context;
            this.progress = progress;
        }
    }

    /** Maps, publishes (and acknowledges) one page, then collects its items' child resources. */
    private void collectPage(Run run, Iterable<JsonNode> items, JsonNode parent) {
        ResourceSpec spec = run.spec;
        List<ObjectNode[]> mappedItems = new ArrayList<>();
        items:
        for (JsonNode item : items) {
            run.progress.countItem();
            embed(spec, run.context, parent, item);
            for (ObjectNode mapped : map(spec, run.context, item, parent)) {
                Instant stamp = run.tracksWatermark ? timestamp(ResourceSpec.field(mapped.get("data"), spec.watermark())) : null;
                if (spec.stopAtWatermark() && run.since != null && stamp != null && stamp.isBefore(run.since)) {
                    // Sorted newest first: everything from here on was collected by an earlier run.
                    run.reachedWatermark = true;
                    break items;
                }
                if (stamp != null && stamp.isAfter(run.startedAt)) {
                    // A commit dated in the future must not carry the watermark past every commit to come.
                    stamp = run.startedAt;
                }
                if (stamp != null && (run.newest == null || stamp.isAfter(run.newest))) {
                    run.newest = stamp;
                }
                // An item pending for longer than pending-hold-max no longer holds the watermark (a stuck run).
                if (stamp != null && spec.pending() != null && spec.pending().values().contains(
                        mapped.get("data").path(spec.pending().field()).asText())
                        && stamp.isAfter(run.startedAt.minus(sync.getPendingHoldMax()))
                        && (run.pendingFrom == null || stamp.isBefore(run.pendingFrom))) {
                    run.pendingFrom = stamp;
                }
                for (String field : spec.export()) {
                    JsonNode value = mapped.get("data").path(field);
                    if (!value.isMissingNode() && !value.isNull()) {
                        run.context.export(spec.resource(), field, value.asText());
                    }
                }
                mappedItems.add(new ObjectNode[] {mapped, item instanceof ObjectNode o ? o : null});
            }
        }
        Envelopes envelopes = envelopes(spec, run.context, mappedItems);
        List<ObjectNode> page = envelopes.page;
        // Published before the children, so a parent precedes its reviews on the topic.
        int published = 0;
        for (Map.Entry<String, List<ObjectNode>> topic : byTopic(spec, page).entrySet()) {
            published += publisher.publishAll(topic.getKey(), topic.getValue());
        }
        envelopes.rememberVersions();
        ledger.record(run.context.job().repositoryId(), page, run.startedAt);
        run.progress.countPublished(published);
        run.progress.countDuplicates(page.size() - published);
        if (spec.each() != null) {
            for (ObjectNode envelope : page) {
                collectChildren(spec.each(), run.context, (ObjectNode) envelope.get("data"));
            }
        }
        run.progress.countPage();
        run.context.onPage().run();
    }

    /** The topic each event goes to: the source's {@code topic}, else the contract's topic for its type. */
    private static Map<String, List<ObjectNode>> byTopic(ResourceSpec spec, List<ObjectNode> page) {
        Map<String, List<ObjectNode>> byTopic = new java.util.LinkedHashMap<>();
        for (ObjectNode envelope : page) {
            String topic = spec.topic() != null ? spec.topic()
                    : EventTopics.topicOf(envelope.path("event_type").asText()).orElseThrow();
            byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(envelope);
        }
        return byTopic;
    }

    /** Fetches each {@code embed.<field>} list whole (every page) and sets it on the item before mapping. */
    private void embed(ResourceSpec spec, JobContext context, JsonNode parent, JsonNode item) {
        if (spec.embeds().isEmpty() || !(item instanceof ObjectNode target)) {
            return;
        }
        var pagination = PaginationStyles.named(spec.embedPagination());
        for (ResourceSpec.Embed embed : spec.embeds().values()) {
            String base = context.platform().getApiUrl().replaceAll("/+$", "");
            URI next = URI.create(base + expand(embed.path(), context.pathVariables(), parent, item));
            com.fasterxml.jackson.databind.node.ArrayNode list = mapper.createArrayNode();
            JsonNode single = null;
            while (next != null) {
                context.beforeApiCall().run();
                ApiResponse response;
                try {
                    response = http.get(context.platform(), next);
                } catch (PlatformApiException e) {
                    if (spec.skipOnStatus().contains(e.status())) {
                        throw new SkippedResource(e.getMessage());
                    }
                    throw e;
                } finally {
                    context.progress().apiCall(spec.resource());
                }
                recordRateLimit(context, response);
                JsonNode body = readBody(response);
                JsonNode found = embed.items().isEmpty() ? body : body.at(embed.items());
                if (found.isArray()) {
                    found.forEach(list::add);
                } else {
                    single = found; // one object (a pipeline's detail): embedded as it is
                    break;
                }
                next = pagination.next(response, body).orElse(null);
            }
            target.set(embed.field(), single != null ? single : list);
        }
    }

    private JsonNode readBody(ApiResponse response) {
        try {
            return mapper.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new PlatformApiException(response.status(), "GET " + response.uri().getRawPath()
                    + " answered a body that is not JSON");
        }
    }

    private URI firstPage(ResourceSpec spec, JobContext context, JsonNode parent, Optional<Instant> since) {
        String path = expand(spec.path(), context.pathVariables(), parent, null);
        List<String> query = new ArrayList<>();
        spec.query().forEach((name, value) -> query.add(encodeSegment(name) + "="
                + encodeSegment(expand(value, context.pathVariables(), parent, null))));
        spec.queryList().forEach((name, values) -> values.forEach(value -> query.add(encodeSegment(name) + "=" + encodeSegment(value))));
        if (spec.pageSizeParam() != null && !spec.pageSizeParam().isBlank() && !"none".equals(spec.pagination())) {
            int size = spec.pageSize() != null ? spec.pageSize() : context.platform().getPageSize();
            query.add(spec.pageSizeParam() + "=" + size);
        }
        if (spec.sinceParam() != null && since.isPresent()) {
            query.add(encodeSegment(spec.sinceParam()) + "="
                    + encodeSegment(sinceText(spec.sinceFormat(), since.get())));
        }
        String base = context.platform().getApiUrl().replaceAll("/+$", "");
        return URI.create(base + path + (query.isEmpty() ? "" : "?" + String.join("&", query)));
    }

    /**
     * {@code {since}} is written {@code 2024-05-01T10:00:00Z}; {@code {since_offset}} as
     * {@code 2024-05-01T10:00:00+00:00}, for query languages that refuse the Z (Bitbucket's BBQL).
     */
    static String sinceText(String format, Instant since) {
        String offset = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(since.atOffset(java.time.ZoneOffset.UTC))
                .replace("Z", "+00:00");
        return format.replace("{since_offset}", offset).replace("{since}", since.toString());
    }

    /** Replaces {owner}, {repo}, {path_encoded}, {parent.number}, {item.team.slug}… with URL-encoded values. */
    static String expand(String template, Map<String, String> variables, JsonNode parent, JsonNode item) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value;
            if (name.startsWith("parent.") || name.startsWith("item.")) {
                JsonNode source = name.startsWith("parent.") ? parent : item;
                JsonNode node = source;
                for (String field : name.substring(name.indexOf('.') + 1).split("\\.")) {
                    node = node == null ? null : node.path(field);
                }
                if (node == null || node.isMissingNode() || node.isNull()) {
                    throw new IllegalArgumentException("path variable {" + name + "} has no value");
                }
                value = encodeSegment(node.asText());
            } else if (name.equals("path_encoded")) {
                value = variables.get(name);
            } else if (variables.containsKey(name)) {
                value = name.equals("path") ? variables.get(name) : encodeSegment(variables.get(name));
            } else if (name.contains(".")) {
                throw new IllegalArgumentException("path variable {" + name + "} has no value: no earlier resource of this run exported it");
            } else {
                throw new IllegalArgumentException("unknown path variable {" + name + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String encodeSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Iterable<JsonNode> items(String pointer, JsonNode body) {
        JsonNode node = pointer.isEmpty() ? body : body.at(pointer);
        if (node == null || node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        return node.isArray() ? node : List.of(node);
    }

    /**
     * Runs the source's mapper route, which returns one event, several (an array), or null to skip
     * the item. An item it cannot map goes to the dead-letter topic, and the page goes on.
     */
    private List<ObjectNode> map(ResourceSpec spec, JobContext context, JsonNode item, JsonNode parent) {
        Exchange mapping = new DefaultExchange(template.getCamelContext());
        mapping.setProperty(JobContext.PROPERTY, context);
        if (parent != null) {
            mapping.setProperty(MAPPER_PARENT, parent.toString()); // jq: property("parent") | fromjson
        }
        mapping.getIn().setBody(item);
        Exchange result = template.send(spec.mapper(), mapping);
        String problem = null;
        List<ObjectNode> events = new ArrayList<>();
        if (result.getException() != null) {
            problem = "mapper " + spec.mapper() + " failed: " + result.getException().getMessage();
        } else {
            JsonNode out = result.getMessage().getBody(JsonNode.class);
            if (out == null || out.isNull()) {
                return List.of(); // the mapper chose to skip this item
            }
            for (JsonNode one : out.isArray() ? out : List.of(out)) {
                problem = checkMapped(spec, one);
                if (problem != null) {
                    break;
                }
                events.add((ObjectNode) one);
            }
        }
        if (problem == null) {
            return events;
        }
        LOG.warn("{} of {}: item sent to the dead-letter topic: {}", spec.resource(), context.job().repositoryId(), problem);
        context.progress().resource(spec.resource()).countDeadLetter();
        publisher.publishAll(deadLetterTopic, List.of(deadLetter(spec, context, problem, item)));
        return List.of();
    }

    /** The same envelope as any event; deduplicated too, so a bad item seen again is not sent again. */
    private ObjectNode deadLetter(ResourceSpec spec, JobContext context, String reason, JsonNode item) {
        ObjectNode data = mapper.createObjectNode();
        data.put("reason", reason);
        data.put("resource", spec.resource());
        data.set("payload", item);
        String eventId = EventEnvelopes.eventId(context.job().repositoryId(), "dead_letter", spec.resource(),
                EventEnvelopes.sha256(item.toString()));
        return EventEnvelopes.envelope(mapper, eventId, "dead_letter", context.job(), data, Instant.now());
    }

    private static String checkMapped(ResourceSpec spec, JsonNode out) {
        if (!out.isObject() || !out.path("data").isObject()) {
            return "mapper " + spec.mapper() + " must return {\"event_type\": …, \"data\": {…}}";
        }
        if (!out.path("event_type").isTextual() || out.path("event_type").asText().isBlank()) {
            return "mapper " + spec.mapper() + " returned no event_type";
        }
        if (spec.topic() == null && EventTopics.topicOf(out.path("event_type").asText()).isEmpty()) {
            return "event type '" + out.path("event_type").asText() + "' is not in the contract; give the resource a topic";
        }
        JsonNode identity = ResourceSpec.field(out.path("data"), spec.identity());
        if (identity.isMissingNode() || identity.isNull()) {
            return "mapped data has no identity field '" + spec.identity() + "'";
        }
        JsonNode stamp = spec.watermark() == null ? null : ResourceSpec.field(out.path("data"), spec.watermark());
        if (stamp != null && stamp.isTextual() && timestamp(stamp) == null) {
            return "mapped data's " + spec.watermark() + " is not a timestamp: '" + stamp.asText() + "'";
        }
        return null;
    }

    /** A page's envelopes, and the hash versions to remember once they are published. */
    private final class Envelopes {
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
    private Envelopes envelopes(ResourceSpec spec, JobContext context, List<ObjectNode[]> mappedItems) {
        Envelopes result = new Envelopes();
        result.repositoryId = context.job().repositoryId();
        result.entity = spec.entity();
        String[] identities = new String[mappedItems.size()];
        String[] explicit = new String[mappedItems.size()];
        List<Integer> hashed = new ArrayList<>();
        for (int i = 0; i < mappedItems.size(); i++) {
            ObjectNode data = (ObjectNode) mappedItems.get(i)[0].get("data");
            UtcTimes.normalize(data);
            identities[i] = ResourceSpec.field(data, spec.identity()).asText();
            JsonNode versionNode = spec.version() == null ? null : ResourceSpec.field(data, spec.version());
            if (versionNode == null || versionNode.isNull() || versionNode.isMissingNode()) {
                hashed.add(i);
                result.hashedIdentities.add(identities[i]);
                result.hashes.add(EventEnvelopes.sha256(data.toString()));
            } else {
                explicit[i] = versionNode.asText();
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

    private void collectChildren(String route, JobContext context, ObjectNode parentData) {
        Exchange child = new DefaultExchange(template.getCamelContext());
        child.setProperty(JobContext.PROPERTY, context);
        child.setProperty(PARENT, parentData);
        Exchange result = template.send(route, child);
        if (result.getException() != null) {
            Exception e = result.getException();
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        }
    }

    private void recordRateLimit(JobContext context, ApiResponse response) {
        Long remaining = response.longHeader(context.platform().getRateLimitRemainingHeader());
        if (remaining == null) {
            return;
        }
        context.progress().rateLimitRemaining(remaining);
        Map<String, String> figures = new java.util.LinkedHashMap<>();
        figures.put("remaining", remaining.toString());
        figures.put("api_calls", Long.toString(context.progress().apiCalls()));
        String reset = response.header(context.platform().getRateLimitResetHeader());
        if (reset != null) {
            figures.put("reset", reset);
        }
        redis.opsForHash().putAll(RedisKeys.rateLimit(context.job().platform(), context.job().repositoryId()), figures);
    }

    static Instant timestamp(JsonNode node) {
        return UtcTimes.parse(node); // null if not a timestamp: checkMapped sends such items to the dead-letter topic
    }
}
