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
import io.gitcollector.http.PlatformApiException;
import io.gitcollector.model.UtcTimes;
import io.gitcollector.publish.EventPublisher;
import io.gitcollector.state.PageStore;
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
    /** The parent item as the platform sent it, for a child whose first page is nested in it ({@code embedded}). */
    public static final String PARENT_ITEM = "collector.parentItem";
    /** A webhook delivery's payload, for resources read from it ({@code payload: /pull_request}). */
    public static final String WEBHOOK_PAYLOAD = "collector.webhookPayload";
    /** Where a child resource's pages wait to be published with its siblings' ({@link ChildPages}). */
    public static final String CHILD_PAGES = "collector.childPages";

    private static final Logger LOG = LoggerFactory.getLogger(ResourceCollector.class);

    private final ApiCalls apiCalls;
    private final ProducerTemplate template;
    private final EventPublisher publisher;
    private final WatermarkStore watermarks;
    private final ConditionalPages conditionalPages;
    private final ObjectMapper mapper;
    private final CollectorProperties.Sync sync;
    private final HealthLedger ledger;
    private final ItemMapper itemMapper;
    private final EmbeddedLists embeds;
    private final PageEnvelopes envelopes;
    private final RateLimitRecorder rateLimits;

    public ResourceCollector(ApiCalls apiCalls, ProducerTemplate template, EventPublisher publisher,
                             WatermarkStore watermarks, ConditionalPages conditionalPages, ObjectMapper mapper, CollectorProperties properties,
                             HealthLedger ledger, ItemMapper itemMapper, EmbeddedLists embeds, PageEnvelopes envelopes,
                             RateLimitRecorder rateLimits) {
        this.apiCalls = apiCalls;
        this.template = template;
        this.publisher = publisher;
        this.watermarks = watermarks;
        this.conditionalPages = conditionalPages;
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
        if (spec.payload() != null) {
            // A child resource reads its parent's item (Gerrit's votes inside a change); any other, a webhook's payload.
            JsonNode parentItem = exchange.getProperty(PARENT_ITEM, JsonNode.class);
            collectPayload(spec, context, parentItem != null ? parentItem : exchange.getProperty(WEBHOOK_PAYLOAD, JsonNode.class),
                    exchange.getProperty(PARENT, JsonNode.class), exchange.getProperty(CHILD_PAGES, ChildPages.class));
            return;
        }
        try {
            collectResource(spec, context, exchange.getProperty(PARENT, JsonNode.class), exchange.getProperty(PARENT_ITEM, JsonNode.class),
                    exchange.getProperty(CHILD_PAGES, ChildPages.class));
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

    private void collectResource(ResourceSpec spec, JobContext context, JsonNode parent, JsonNode parentItem,
                                 ChildPages heldBy) throws Exception {
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
        run.heldBy = topLevel ? null : heldBy;
        if (spec.watermark() != null && topLevel) {
            Optional<Instant> watermark = context.incremental() ? watermarks.get(repositoryId, spec.resource()) : Optional.empty();
            run.since = watermark.map(w -> w.minus(sync.getWatermarkOverlap())).orElse(null);
            run.newest = watermark.orElse(null);
            run.tracksWatermark = true;
        }
        if (spec.queryRequest() != null) {
            try {
                collectQueryPages(spec, context, run, parent, parentItem, resumed ? resume.page : null);
            } catch (SkippedResource skipped) {
                LOG.warn("{} of {}: skipped, the token may not read it ({})", spec.resource(), repositoryId, skipped.getMessage());
                progress.markSkipped();
            }
            finish(spec, context, run, progress, topLevel);
            return;
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
        String ifNoneMatch = topLevel && !resumed ? conditionalPages.firstPageCondition(spec, context, first) : null;
        String firstEtag = null;
        var pagination = spec.paging();

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
        if (topLevel && !resumed) {
            conditionalPages.rememberFirstPage(spec, context, first, firstEtag);
        }
        finish(spec, context, run, progress, topLevel);
    }

    /**
     * Maps and publishes what a webhook's payload, or a child resource's parent item, holds at the resource's
     * {@code payload} pointer, as a page of the resource would be: the same mapper, identity and version, so the same
     * event ids as polling. No call is made and no watermark moves: a webhook says nothing of what came before it,
     * and a parent's nested list is read again whenever the parent is.
     */
    private void collectPayload(ResourceSpec spec, JobContext context, JsonNode payload, JsonNode parent, ChildPages heldBy) {
        if (payload == null) {
            throw new IllegalStateException("collect:" + spec.resource() + " reads a payload (payload: " + spec.payload()
                    + "), and this exchange carries none: call it from a webhook route or as a child resource (each)");
        }
        Run run = new Run(spec, context, context.progress().resource(spec.resource()));
        run.heldBy = heldBy; // the deliveries of one poll, or a parent page's children, are published together
        // "/" names the whole payload (a JSON pointer would read it as the member named "").
        collectPage(run, itemsOf(spec.payload().equals("/") ? "" : spec.payload(), payload), parent);
        run.progress.markDone();
    }

    /** Once every page is published: the watermark moves on, and a top-level resource is done. */
    private void finish(ResourceSpec spec, JobContext context, Run run, ResourceProgress progress, boolean topLevel) {
        String repositoryId = context.job().repositoryId();
        if (run.tracksWatermark && run.pendingFrom != null && (run.newest == null || run.pendingFrom.isBefore(run.newest))) {
            run.newest = run.pendingFrom; // the next run must reach back to what is still in progress
        }
        if (run.tracksWatermark && run.newest != null) {
            watermarks.advance(repositoryId, spec.resource(), run.newest);
        }
        if (topLevel) {
            context.resume().finished(spec.resource());
            context.progress().topLevelFinished();
            if (!progress.skipped()) {
                progress.markDone();
            }
            context.onPage().run();
        }
    }

    /**
     * Reads a query resource page by page on its connection's cursor. A child whose first page is nested in the
     * parent's item ({@code embedded}) starts from there and calls only for the pages after it. An answer the
     * source marks as too much at once (a gateway timeout) is asked for again at half the page size.
     */
    private void collectQueryPages(ResourceSpec spec, JobContext context, Run run, JsonNode parent, JsonNode parentItem,
                                   String resumedPage) {
        QuerySpec query = spec.queryRequest();
        boolean topLevel = parent == null;
        URI uri = ResourceUrls.apiUrl(context, spec.path(), parent, null);
        PageSize size = new PageSize(spec.pageSize() != null ? spec.pageSize() : context.platform().getPageSize());
        String cursor = QueryCursor.fromPage(resumedPage);
        if (query.embedded() != null && parentItem != null && resumedPage == null) {
            JsonNode connection = parentItem.at(query.embedded());
            if (!connection.isMissingNode() && !connection.isNull()) {
                collectPage(run, itemsOf("/nodes", connection), parent);
                Optional<String> next = QueryPages.next(connection.path("pageInfo"));
                if (next.isEmpty()) {
                    return;
                }
                cursor = next.get();
            }
        }
        PageAhead<QueryAnswer> ahead = null;
        try {
            while (!run.reachedWatermark) {
                if (topLevel) {
                    context.resume().reading(spec.resource(), QueryCursor.page(cursor), run.newest, run.pendingFrom);
                }
                QueryAnswer answer;
                if (ahead != null) {
                    answer = ahead.get();
                    ahead = null;
                } else {
                    ObjectNode body = QueryPages.body(mapper, query, context, parent, parentItem, run.since, size.current(), cursor);
                    answer = apiCalls.query(context, spec.resource(), uri, body, query);
                }
                if (answer.tooLarge()) {
                    if (!size.shrink()) {
                        throw new PlatformApiException(answer.status(), "POST " + uri.getRawPath() + " for " + spec.resource()
                                + " failed even for one item at a time: " + answer.reason());
                    }
                    LOG.info("{} of {}: {}; asking again for {} at a time", spec.resource(), context.job().repositoryId(),
                            answer.reason(), size.current());
                    continue;
                }
                size.answered();
                JsonNode json = answer.response().json();
                Optional<String> next = QueryPages.next(json.at(query.pageInfo()));
                if (next.isPresent() && mayAskAhead(spec, run)) {
                    ObjectNode body = QueryPages.body(mapper, query, context, parent, parentItem, run.since, size.current(), next.get());
                    ahead = PageAhead.ask(() -> apiCalls.query(context, spec.resource(), uri, body, query));
                }
                collectPage(run, itemsOf(spec.items(), json), parent);
                if (next.isEmpty()) {
                    return;
                }
                cursor = next.get();
            }
        } finally {
            if (ahead != null) {
                ahead.drop();
            }
        }
    }

    /**
     * Whether the next page may be asked for while this one is published. Not when the run may stop on this page
     * (an incremental run of a list sorted newest first, that stops at its watermark): the page asked for ahead
     * would be a call spent for nothing.
     */
    private static boolean mayAskAhead(ResourceSpec spec, Run run) {
        // Nor a page asked with its own ETag: only the loop knows it.
        return !(spec.stopAtWatermark() && run.since != null) && !spec.eachPageConditional();
    }

    /** Reads the resource page by page; returns the first page's ETag (null if none or not read). */
    private String collectPages(ResourceSpec spec, JobContext context, Run run, URI first, String ifNoneMatch,
                                JsonNode parent, Pagination pagination, ResourceProgress progress) throws java.io.IOException {
        String repositoryId = context.job().repositoryId();
        boolean topLevel = parent == null;
        String firstEtag = null;
        URI next = first;
        PageAhead<ApiResponse> ahead = null;
        boolean keepsBody = ConditionalPages.keepsBody(spec);
        try {
            while (next != null && !run.reachedWatermark) {
                if (topLevel) {
                    context.resume().reading(spec.resource(), next.toString(), run.newest, run.pendingFrom);
                }
                ApiResponse response;
                PageStore.Page stored = conditionalPages.stored(spec, context, next, keepsBody).orElse(null);
                try {
                    if (ahead != null) {
                        response = ahead.get();
                        ahead = null;
                    } else {
                        response = apiCalls.get(context, spec.resource(), next,
                                stored != null ? stored.etag() : next == first ? ifNoneMatch : null);
                    }
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
                if (response.status() == 304 && stored != null) {
                    // This page is as it was stored: its items lead to children again, or it is passed over.
                    progress.countNotModified();
                    if (keepsBody) {
                        collectPage(run, itemsOf(spec.items(), conditionalPages.body(stored)), parent);
                    }
                    next = stored.next();
                    continue;
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
                URI following = pagination.next(response, body).orElse(null);
                if (following != null && mayAskAhead(spec, run)) {
                    ahead = PageAhead.ask(() -> apiCalls.get(context, spec.resource(), following, null));
                }
                collectPage(run, itemsOf(spec.items(), body), parent);
                conditionalPages.remember(spec, context, next, response, following, keepsBody);
                next = following;
            }
        } finally {
            if (ahead != null) {
                ahead.drop();
            }
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
        /** The parent page's held child pages, for a child resource. */
        ChildPages heldBy;

        Run(ResourceSpec spec, JobContext context, ResourceProgress progress) {
            this.spec = spec;
            this.context = context;
            this.progress = progress;
        }
    }

    /**
     * Maps one page, publishes (and acknowledges) it, then collects its items' child resources, whose pages are
     * published together once they are all read ({@link ChildPages}). A leaf child resource's page is handed to
     * the parent's {@link ChildPages} instead of being published on its own.
     */
    private void collectPage(Run run, Iterable<JsonNode> items, JsonNode parent) {
        ResourceSpec spec = run.spec;
        if (spec.mapper() == null) {
            collectListingPage(run, items);
            return;
        }
        List<ObjectNode[]> mappedItems = mapPage(run, items, parent);
        MappedPage mapped = new MappedPage(spec, run.context, run.progress, mappedItems, run.startedAt);
        if (run.heldBy != null && spec.each() == null) {
            run.heldBy.hold(mapped);
        } else {
            // Published before the children, so a parent precedes its reviews on the topic.
            List<ObjectNode> page = publishPages(List.of(mapped)).get(0);
            if (spec.each() != null) {
                ChildPages children = heldPages();
                for (int i = 0; i < page.size(); i++) {
                    collectChildren(spec.each(), run.context, (ObjectNode) page.get(i).get("data"), mappedItems.get(i)[1],
                            children);
                }
                children.flush();
            }
        }
        run.progress.countPage();
        run.context.onPage().run();
    }

    /** A listing (a source's protected branches) publishes nothing: each item, as the platform sent it, is a parent. */
    private void collectListingPage(Run run, Iterable<JsonNode> items) {
        ChildPages children = heldPages();
        for (JsonNode item : items) {
            run.progress.countItem();
            if (item instanceof ObjectNode object) {
                collectChildren(run.spec.each(), run.context, object, object, children);
            }
        }
        children.flush();
        run.progress.countPage();
        run.context.onPage().run();
    }

    /**
     * Pages held to be published together when {@link ChildPages#flush()} is called: a page's children, or a poll's
     * webhook deliveries (set on each delivery's exchange as {@link #CHILD_PAGES}).
     */
    public ChildPages heldPages() {
        return new ChildPages(this::publishPages);
    }

    /** Runs the mapper on each item, and follows the watermark, pending items and exported fields. */
    private List<ObjectNode[]> mapPage(Run run, Iterable<JsonNode> items, JsonNode parent) {
        ResourceSpec spec = run.spec;
        List<ObjectNode[]> mappedItems = new ArrayList<>();
        String parentText = parent == null ? null : parent.toString();
        items:
        for (JsonNode item : items) {
            run.progress.countItem();
            embeds.embed(spec, run.context, parent, item);
            for (ObjectNode mapped : itemMapper.map(spec, run.context, item, parent, parentText)) {
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
        return mappedItems;
    }

    /**
     * Wraps, deduplicates and publishes mapped pages (each a page of one resource of one job) in as few round trips
     * as they allow: the pages of one resource share one version look-up, and each topic gets one Kafka batch.
     * Returns each page's envelopes, in its items' order.
     */
    private List<List<ObjectNode>> publishPages(List<MappedPage> pages) {
        Map<MappedPage, List<ObjectNode>> wrapped = new java.util.IdentityHashMap<>();
        List<PageEnvelopes.Envelopes> versioned = new ArrayList<>();
        for (List<MappedPage> resource : byResourceAndJob(pages)) {
            List<ObjectNode[]> all = new ArrayList<>();
            resource.forEach(p -> all.addAll(p.mappedItems()));
            PageEnvelopes.Envelopes envelopesOf = envelopes.envelopes(resource.get(0).spec(), resource.get(0).context(), all);
            versioned.add(envelopesOf);
            int from = 0;
            for (MappedPage p : resource) {
                wrapped.put(p, envelopesOf.page.subList(from, from + p.mappedItems().size()));
                from += p.mappedItems().size();
            }
        }
        Map<String, List<ObjectNode>> byTopic = new java.util.LinkedHashMap<>();
        Map<String, List<ObjectNode>> byRepository = new java.util.LinkedHashMap<>();
        for (MappedPage p : pages) {
            PageEnvelopes.byTopic(p.spec(), wrapped.get(p)).forEach((topic, envelopesOf) ->
                    byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).addAll(envelopesOf));
            byRepository.computeIfAbsent(p.context().job().repositoryId(), r -> new ArrayList<>()).addAll(wrapped.get(p));
        }
        java.util.Set<String> published = new java.util.HashSet<>();
        byTopic.forEach((topic, envelopesOf) -> published.addAll(publisher.publishNew(topic, envelopesOf)));
        versioned.forEach(PageEnvelopes.Envelopes::rememberVersions);
        Instant startedAt = pages.get(0).startedAt();
        byRepository.forEach((repositoryId, events) -> ledger.record(repositoryId, events, startedAt));
        List<List<ObjectNode>> result = new ArrayList<>(pages.size());
        for (MappedPage p : pages) {
            List<ObjectNode> page = wrapped.get(p);
            long fresh = page.stream().filter(e -> published.contains(e.path("event_id").asText())).count();
            p.progress().countPublished(fresh);
            p.progress().countDuplicates(page.size() - fresh);
            result.add(page);
        }
        return result;
    }

    /**
     * The pages grouped by resource and job, in order: held webhook deliveries may be of several repositories. By
     * identity (one spec per endpoint, one context per run): the groups are few, and records would hash their maps.
     */
    private static List<List<MappedPage>> byResourceAndJob(List<MappedPage> pages) {
        List<List<MappedPage>> groups = new ArrayList<>();
        for (MappedPage page : pages) {
            List<MappedPage> group = groups.stream().filter(g -> g.get(0).spec() == page.spec()
                    && g.get(0).context() == page.context()).findFirst().orElse(null);
            if (group == null) {
                group = new ArrayList<>();
                groups.add(group);
            }
            group.add(page);
        }
        return groups;
    }

    private static Iterable<JsonNode> itemsOf(String pointer, JsonNode body) {
        JsonNode node = pointer.isEmpty() ? body : body.at(pointer);
        if (node == null || node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        return node.isArray() ? node : List.of(node);
    }

    private void collectChildren(String route, JobContext context, ObjectNode parentData, ObjectNode parentItem,
                                 ChildPages held) {
        Exchange child = new DefaultExchange(template.getCamelContext());
        child.setProperty(CHILD_PAGES, held);
        child.setProperty(io.gitcollector.metrics.PerItemExchanges.MARK, true); // one per parent item
        child.setProperty(JobContext.PROPERTY, context);
        child.setProperty(PARENT, parentData);
        child.setProperty(PARENT_ITEM, parentItem);
        Exchange result = template.send(route, child);
        if (result.getException() != null) {
            Exception e = result.getException();
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        }
    }

}
