package io.gitcollector.collect;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.health.HealthLedger;
import io.gitcollector.http.ApiResponse;
import io.gitcollector.http.Pagination;
import io.gitcollector.http.PaginationStyles;
import io.gitcollector.http.PlatformApiException;
import io.gitcollector.publish.EventPublisher;
import io.gitcollector.state.EtagStore;
import io.gitcollector.state.WatermarkStore;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private final ApiCalls apiCalls;
    private final ProducerTemplate template;
    private final EventPublisher publisher;
    private final WatermarkStore watermarks;
    private final EtagStore etags;
    private final ObjectMapper mapper;
    private final CollectorProperties.Sync sync;
    private final HealthLedger ledger;
    private final ItemMapper itemMapper;
    private final EmbeddedLists embeds;
    private final PageEnvelopes envelopes;
    private final RateLimitRecorder rateLimits;

    public ResourceCollector(ApiCalls apiCalls, ProducerTemplate template, EventPublisher publisher,
                             WatermarkStore watermarks, EtagStore etags, ObjectMapper mapper, CollectorProperties properties,
                             HealthLedger ledger, ItemMapper itemMapper, EmbeddedLists embeds, PageEnvelopes envelopes,
                             RateLimitRecorder rateLimits) {
        this.apiCalls = apiCalls;
        this.template = template;
        this.publisher = publisher;
        this.watermarks = watermarks;
        this.etags = etags;
        this.mapper = mapper;
        this.sync = properties.getSync();
        this.ledger = ledger;
        this.itemMapper = itemMapper;
        this.embeds = embeds;
        this.envelopes = envelopes;
        this.rateLimits = rateLimits;
    }

    /**
     * Collects the resource. A top-level resource that fails is marked failed, with why, and the run
     * goes on with the next one (its watermark stays); unless nothing of the repository could be read
     * yet (the repository is missing, the token refused, the host down), then the run stops.
     */
    public void collect(ResourceSpec spec, Exchange exchange) throws Exception {
        JobContext context = JobContext.from(exchange);
        boolean topLevel = exchange.getProperty(PARENT) == null;
        try {
            collectResource(spec, context, exchange.getProperty(PARENT, JsonNode.class));
        } catch (RunAbortedException | RateLimitWaitException | io.gitcollector.publish.PublishFailedException e) {
            throw e; // no other resource could be published either
        } catch (RuntimeException e) {
            if (!topLevel || context.progress().finishedResources() == 0) {
                throw e;
            }
            LOG.warn("{} of {} failed, the run goes on with the other resources: {}", spec.resource(),
                    context.job().repositoryId(), e.getMessage());
            context.progress().resource(spec.resource()).markFailed(e.getMessage());
            context.onPage().run();
        }
    }

    private void collectResource(ResourceSpec spec, JobContext context, JsonNode parent) throws Exception {
        String repositoryId = context.job().repositoryId();
        ResourceProgress progress = context.progress().resource(spec.resource());
        // Child resources (reviews of one pull request) are collected whole each time their parent changed.
        boolean topLevel = parent == null;

        ResumePoint resume = context.resume();
        if (topLevel && resume.completed.contains(spec.resource())) {
            progress.markDone(); // finished before the run stopped to wait for a rate limit
            context.onPage().run();
            return;
        }
        boolean resumed = topLevel && spec.resource().equals(resume.resource) && resume.page != null;
        Run run = new Run(spec, context, progress);
        if (spec.watermark() != null && topLevel) {
            Optional<Instant> watermark = context.incremental() ? watermarks.get(repositoryId, spec.resource()) : Optional.empty();
            run.since = watermark.map(w -> w.minus(sync.getWatermarkOverlap())).orElse(null);
            run.newest = watermark.orElse(null);
            run.tracksWatermark = true;
        }
        URI first = ResourceUrls.firstPage(spec, context, parent, Optional.ofNullable(run.since));
        if (resumed) {
            // Read on from the page before the one the stopped run was on (an item deleted meanwhile shifts the
            // rest back by one; dedup absorbs the page read twice), with what it had seen before.
            first = URI.create(resume.previousPage != null ? resume.previousPage : resume.page);
            Instant seen = resume.newest == null ? null : Instant.parse(resume.newest);
            if (seen != null && (run.newest == null || seen.isAfter(run.newest))) {
                run.newest = seen;
            }
            run.pendingFrom = resume.pendingFrom == null ? null : Instant.parse(resume.pendingFrom);
        }
        // Only an incremental run may skip a resource on 304: a full run asks for everything.
        String ifNoneMatch = topLevel && !resumed && context.incremental() && spec.conditional()
                ? etags.find(repositoryId, spec.resource(), first).orElse(null) : null;
        String firstEtag = null;
        var pagination = PaginationStyles.named(spec.pagination());

        try {
            firstEtag = collectPages(spec, context, run, first, ifNoneMatch, parent, pagination, progress);
        } catch (SkippedResource skipped) {
            // The token may not read it (or a part: a team's members): the resource stops there and keeps its
            // watermark; what it published before stays, nothing is published with holes.
            LOG.warn("{} of {}: skipped, the token may not read it ({})", spec.resource(), repositoryId, skipped.getMessage());
            progress.markSkipped();
            if (topLevel) {
                resume.finished(spec.resource());
                context.progress().topLevelFinished();
            }
            context.onPage().run();
            return;
        }
        if (run.tracksWatermark && run.pendingFrom != null && (run.newest == null || run.pendingFrom.isBefore(run.newest))) {
            run.newest = run.pendingFrom; // the next run must reach back to what is still in progress
        }
        if (run.tracksWatermark && run.newest != null) {
            watermarks.advance(repositoryId, spec.resource(), run.newest);
        }
        if (topLevel && firstEtag != null && !resumed) {
            etags.store(repositoryId, spec.resource(), first, firstEtag);
        }
        if (topLevel) {
            resume.finished(spec.resource());
            context.progress().topLevelFinished();
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
            if (topLevel) {
                context.resume().reading(spec.resource(), next.toString(), run.newest, run.pendingFrom);
            }
            ApiResponse response;
            try {
                response = apiCalls.get(context, spec.resource(), next, next == first ? ifNoneMatch : null);
            } catch (PlatformApiException e) {
                if (next == first && spec.emptyOnStatus().contains(e.status())) {
                    LOG.info("{} of {}: HTTP {} means no items here", spec.resource(), repositoryId, e.status());
                    break;
                }
                if (next == first && spec.skipOnStatus().contains(e.status())) {
                    throw new SkippedResource(e.getMessage());
                }
                throw e;
            }
            if (response.status() == 304) {
                progress.countNotModified(); // the first page is as it was after the last completed run
                break;
            }
            JsonNode body = response.json();
            if (next == first) {
                firstEtag = response.header("ETag");
                if (topLevel) {
                    pagination.pageCount(response, body).ifPresent(progress::expectPages);
                }
            }
            collectPage(run, itemsOf(spec.items(), body), parent);
            next = pagination.next(response, body).orElse(null);
                }
        return firstEtag;
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
            embeds.embed(spec, run.context, parent, item);
            for (ObjectNode mapped : itemMapper.map(spec, run.context, item, parent)) {
                Instant stamp = run.tracksWatermark ? UtcTimes.parse(ResourceSpec.field(mapped.get("data"), spec.watermark())) : null;
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
        PageEnvelopes.Envelopes pageEnvelopes = envelopes.envelopes(spec, run.context, mappedItems);
        List<ObjectNode> page = pageEnvelopes.page;
        // Published before the children, so a parent precedes its reviews on the topic.
        int published = 0;
        for (Map.Entry<String, List<ObjectNode>> topic : PageEnvelopes.byTopic(spec, page).entrySet()) {
            published += publisher.publishAll(topic.getKey(), topic.getValue());
        }
        pageEnvelopes.rememberVersions();
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


    private static Iterable<JsonNode> itemsOf(String pointer, JsonNode body) {
        JsonNode node = pointer.isEmpty() ? body : body.at(pointer);
        if (node == null || node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        return node.isArray() ? node : List.of(node);
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

}
