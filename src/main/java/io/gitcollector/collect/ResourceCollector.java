package io.gitcollector.collect;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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
import io.gitcollector.http.ApiResponse;
import io.gitcollector.http.PaginationStyles;
import io.gitcollector.http.PlatformApiException;
import io.gitcollector.http.PlatformHttpClient;
import io.gitcollector.publish.EventEnvelopes;
import io.gitcollector.publish.EventPublisher;
import io.gitcollector.state.EtagStore;
import io.gitcollector.state.RedisKeys;
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

    /** The parent item's normalized data, for a child resource's {@code {parent.field}} path variables. */
    public static final String PARENT = "collector.parent";

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

    public ResourceCollector(PlatformHttpClient http, ProducerTemplate template, EventPublisher publisher,
                             WatermarkStore watermarks, EtagStore etags, StringRedisTemplate redis, ObjectMapper mapper,
                             CollectorProperties properties) {
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
        String ifNoneMatch = topLevel && context.incremental()
                ? etags.find(repositoryId, spec.resource(), first).orElse(null) : null;
        String firstEtag = null;
        var pagination = PaginationStyles.named(spec.pagination());

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
            collectPage(run, items(spec, body));
            next = pagination.next(response, body).orElse(null);
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

    /** One resource's collection in this job: where incremental starts and what it has seen. */
    private static final class Run {
        final ResourceSpec spec;
        final JobContext context;
        final ResourceProgress progress;
        final Instant startedAt = Instant.now();
        boolean tracksWatermark;
        Instant since;
        Instant newest;
        boolean reachedWatermark;

        Run(ResourceSpec spec, JobContext context, ResourceProgress progress) {
            this.spec = spec;
            this.context = context;
            this.progress = progress;
        }
    }

    /** Maps, publishes (and acknowledges) one page, then collects its items' child resources. */
    private void collectPage(Run run, Iterable<JsonNode> items) {
        ResourceSpec spec = run.spec;
        List<ObjectNode> page = new ArrayList<>();
        for (JsonNode item : items) {
            run.progress.countItem();
            ObjectNode mapped = map(spec, run.context, item);
            if (mapped == null) {
                continue;
            }
            Instant stamp = run.tracksWatermark ? timestamp(mapped.get("data").get(spec.watermark())) : null;
            if (spec.stopAtWatermark() && run.since != null && stamp != null && stamp.isBefore(run.since)) {
                // Sorted newest first: everything from here on was collected by an earlier run.
                run.reachedWatermark = true;
                break;
            }
            if (stamp != null && stamp.isAfter(run.startedAt)) {
                // A commit dated in the future must not carry the watermark past every commit to come.
                stamp = run.startedAt;
            }
            if (stamp != null && (run.newest == null || stamp.isAfter(run.newest))) {
                run.newest = stamp;
            }
            page.add(envelope(spec, run.context, mapped, item));
        }
        // Published before the children, so a parent precedes its reviews on the topic.
        int published = publisher.publishAll(spec.topic(), page);
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

    private URI firstPage(ResourceSpec spec, JobContext context, JsonNode parent, Optional<Instant> since) {
        String path = expand(spec.path(), context.pathVariables(), parent);
        List<String> query = new ArrayList<>();
        spec.query().forEach((name, value) -> query.add(encodeSegment(name) + "="
                + encodeSegment(expand(value, context.pathVariables(), parent))));
        if (spec.pageSizeParam() != null && !spec.pageSizeParam().isBlank() && !"none".equals(spec.pagination())) {
            query.add(spec.pageSizeParam() + "=" + context.platform().getPageSize());
        }
        if (spec.sinceParam() != null && since.isPresent()) {
            query.add(spec.sinceParam() + "=" + URLEncoder.encode(since.get().toString(), StandardCharsets.UTF_8));
        }
        String base = context.platform().getApiUrl().replaceAll("/+$", "");
        return URI.create(base + path + (query.isEmpty() ? "" : "?" + String.join("&", query)));
    }

    /** Replaces {owner}, {repo}, {path_encoded}, {parent.number}… with URL-encoded values. */
    static String expand(String template, Map<String, String> variables, JsonNode parent) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value;
            if (name.startsWith("parent.")) {
                JsonNode node = parent == null ? null : parent.path(name.substring("parent.".length()));
                if (node == null || node.isMissingNode() || node.isNull()) {
                    throw new IllegalArgumentException("path variable {" + name + "} has no value");
                }
                value = encodeSegment(node.asText());
            } else if (name.equals("path_encoded")) {
                value = variables.get(name);
            } else if (variables.containsKey(name)) {
                value = name.equals("path") ? variables.get(name) : encodeSegment(variables.get(name));
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

    private static Iterable<JsonNode> items(ResourceSpec spec, JsonNode body) {
        JsonNode node = spec.items().isEmpty() ? body : body.at(spec.items());
        if (node == null || node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        return node.isArray() ? node : List.of(node);
    }

    /** Runs the source's mapper route; an item it cannot map goes to the dead-letter topic, the page goes on. */
    private ObjectNode map(ResourceSpec spec, JobContext context, JsonNode item) {
        Exchange mapping = new DefaultExchange(template.getCamelContext());
        mapping.setProperty(JobContext.PROPERTY, context);
        mapping.getIn().setBody(item);
        Exchange result = template.send(spec.mapper(), mapping);
        String problem;
        if (result.getException() != null) {
            problem = "mapper " + spec.mapper() + " failed: " + result.getException().getMessage();
        } else {
            JsonNode out = result.getMessage().getBody(JsonNode.class);
            if (out == null || out.isNull()) {
                return null; // the mapper chose to skip this item
            }
            problem = checkMapped(spec, out);
            if (problem == null) {
                return (ObjectNode) out;
            }
        }
        LOG.warn("{} of {}: item sent to the dead-letter topic: {}", spec.resource(), context.job().repositoryId(), problem);
        context.progress().resource(spec.resource()).countDeadLetter();
        publisher.publishAll(deadLetterTopic, List.of(deadLetter(spec, context, problem, item)));
        return null;
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
        JsonNode identity = out.path("data").path(spec.identity());
        if (identity.isMissingNode() || identity.isNull()) {
            return "mapped data has no identity field '" + spec.identity() + "'";
        }
        JsonNode stamp = spec.watermark() == null ? null : out.path("data").get(spec.watermark());
        if (stamp != null && stamp.isTextual() && timestamp(stamp) == null) {
            return "mapped data's " + spec.watermark() + " is not a timestamp: '" + stamp.asText() + "'";
        }
        return null;
    }

    private ObjectNode envelope(ResourceSpec spec, JobContext context, ObjectNode mapped, JsonNode item) {
        ObjectNode data = (ObjectNode) mapped.get("data");
        String identity = data.get(spec.identity()).asText();
        JsonNode versionNode = spec.version() == null ? null : data.get(spec.version());
        String version = versionNode == null || versionNode.isNull()
                ? "sha256:" + EventEnvelopes.sha256(data.toString()) : versionNode.asText();
        if (sync.isIncludeRaw()) {
            data.set("raw", item);
        }
        String eventId = EventEnvelopes.eventId(context.job().repositoryId(), spec.entity(), identity, version);
        return EventEnvelopes.envelope(mapper, eventId, mapped.get("event_type").asText(), context.job(), data, Instant.now());
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
        if (node == null || node.isNull() || !node.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            return null; // not a timestamp: checkMapped sends such items to the dead-letter topic
        }
    }
}
