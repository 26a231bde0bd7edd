package io.gitcollector.collect;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.publish.PublishFailedException;
import io.gitcollector.state.WatermarkStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Collects one resource of one repository, the {@code collect:} endpoint's work, as stages that pass records: a
 * {@link ResourceRun} started from the watermark (or the resume point a run stopped for a rate limit left), pages read
 * one at a time ({@link PageFetcher}, {@link QueryPageFetcher}, or the payload a webhook or parent item carries), each
 * page mapped, published and its children collected ({@link PageCollector}); then, once every page is published, the
 * watermark (and the first page's ETag) stored and the resource marked done.
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

    private final PageFetcher pageFetcher;
    private final QueryPageFetcher queryPageFetcher;
    private final PageCollector pageCollector;
    private final WatermarkStore watermarks;
    private final ConditionalPages conditionalPages;
    private final Duration watermarkOverlap;

    ResourceCollector(PageFetcher pageFetcher, QueryPageFetcher queryPageFetcher, PageCollector pageCollector,
                      WatermarkStore watermarks, ConditionalPages conditionalPages, CollectorProperties properties) {
        this.pageFetcher = pageFetcher;
        this.queryPageFetcher = queryPageFetcher;
        this.pageCollector = pageCollector;
        this.watermarks = watermarks;
        this.conditionalPages = conditionalPages;
        this.watermarkOverlap = properties.getSync().getWatermarkOverlap();
    }

    /**
     * Collects the resource. A top-level resource that fails is marked failed, with why, and the run
     * goes on with the next one (its watermark stays); unless nothing of the repository could be read
     * yet (the repository is missing, the token refused, the host down), then the run stops.
     */
    public void collect(ResourceSpec spec, Exchange exchange) throws Exception {
        JobContext context = JobContext.from(exchange);
        JsonNode parent = exchange.getProperty(PARENT, JsonNode.class);
        JsonNode parentItem = exchange.getProperty(PARENT_ITEM, JsonNode.class);
        ChildPages heldBy = exchange.getProperty(CHILD_PAGES, ChildPages.class);
        if (spec.payload() != null) {
            // A child resource reads its parent's item (Gerrit's votes inside a change); any other, a webhook's payload.
            collectPayload(spec, context, parentItem != null ? parentItem : exchange.getProperty(WEBHOOK_PAYLOAD, JsonNode.class),
                    parent, heldBy);
            return;
        }
        boolean topLevel = parent == null;
        JobProgress runProgress = context.progress();
        if (topLevel) {
            runProgress.collecting(spec.resource());
        } else {
            runProgress.childCollected(spec.resource());
        }
        try {
            collectResource(spec, context, parent, parentItem, heldBy);
        } catch (RateLimitWaitException e) {
            throw e; // a pause, not a failure: the run goes on from here once the quota is back
        } catch (Exception | Error e) {
            // Whether or not the run goes on, this resource failed: its status must not say running for ever.
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            runProgress.resource(spec.resource()).markFailed(reason);
            if (topLevel) {
                runProgress.topLevelEnded(spec.resource(), true);
            }
            boolean runGoesOn = topLevel && e instanceof RuntimeException && runProgress.finishedResources() > 0
                    && !(e instanceof RunAbortedException || e instanceof PublishFailedException); // those stop every resource
            if (!runGoesOn) {
                throw e;
            }
            LOG.warn("{} of {} failed, the run goes on with the other resources: {}", spec.resource(),
                    context.job().repositoryId(), e.getMessage());
            context.onPage().run();
            return;
        }
        if (topLevel) {
            runProgress.topLevelEnded(spec.resource(), false);
        }
    }

    private void collectResource(ResourceSpec spec, JobContext context, JsonNode parent, JsonNode parentItem,
                                 ChildPages heldBy) throws Exception {
        ResourceProgress progress = context.progress().resource(spec.resource());
        // Child resources (reviews of one pull request) are collected whole each time their parent changed.
        boolean topLevel = parent == null;

        ResumePoint resume = context.resume();
        if (topLevel && resume.completed.contains(spec.resource())) {
            progress.markDone(); // finished before the run stopped to wait for a rate limit
            context.onPage().run();
            return;
        }
        var backfill = context.job().backfill();
        if (topLevel && backfill != null && !backfill.includes(spec.resource())) {
            progress.markSkipped(); // the backfill names other resources
            resume.finished(spec.resource());
            context.progress().topLevelFinished();
            context.onPage().run();
            return;
        }
        boolean resumed = topLevel && spec.resource().equals(resume.resource) && resume.page != null;
        ResourceRun run = new ResourceRun(spec, context, progress, topLevel ? null : heldBy);
        if (spec.watermark() != null && topLevel) {
            if (backfill != null && backfill.hasWindow()) {
                run.startBackfill(backfill.sinceInstant(), backfill.untilInstant());
            } else {
                run.startFrom(context.incremental() ? watermarks.get(context.job().repositoryId(), spec.resource()) : Optional.empty(),
                        watermarkOverlap);
            }
        }
        try {
            if (spec.queryRequest() != null) {
                queryPageFetcher.fetch(run, parent, parentItem, resumed ? resume.page : null,
                        page -> pageCollector.collect(run, page, parent));
            } else {
                collectPages(run, parent, resumed);
            }
        } catch (SkippedResource skipped) {
            // The token may not read it (or a part: a team's members): the resource stops there and keeps its
            // watermark; what it published before stays, nothing is published with holes.
            LOG.warn("{} of {}: skipped, the token may not read it ({})", spec.resource(), context.job().repositoryId(),
                    skipped.getMessage());
            progress.markSkipped();
            // A query resource has always gone on to finish (its watermark moves to what it saw before the skip).
            if (spec.queryRequest() == null) {
                if (topLevel) {
                    resume.finished(spec.resource());
                    context.progress().topLevelFinished();
                }
                context.onPage().run();
                return;
            }
        }
        finish(run, topLevel);
    }

    /** A REST resource: from its first page, or from where a run stopped for a rate limit was reading. */
    private void collectPages(ResourceRun run, JsonNode parent, boolean resumed) throws java.io.IOException {
        ResourceSpec spec = run.spec;
        JobContext context = run.context;
        boolean topLevel = parent == null;
        URI first = ResourceUrls.firstPage(spec, context, parent, Optional.ofNullable(run.since));
        if (resumed) {
            // Read on from the page before the one the stopped run was on (an item deleted meanwhile shifts the
            // rest back by one; dedup absorbs the page read twice), with what it had seen before.
            ResumePoint resume = context.resume();
            first = URI.create(resume.previousPage != null ? resume.previousPage : resume.page);
            run.resumeFrom(resume);
        }
        // Only an incremental run may skip a resource on 304: a full run asks for everything.
        String ifNoneMatch = topLevel && !resumed ? conditionalPages.firstPageCondition(spec, context, first) : null;
        String firstEtag = pageFetcher.fetch(run, first, ifNoneMatch, topLevel, page -> pageCollector.collect(run, page, parent));
        if (topLevel && !resumed) {
            conditionalPages.rememberFirstPage(spec, context, first, firstEtag);
        }
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
        // The deliveries of one poll, or a parent page's children, are published together.
        ResourceRun run = new ResourceRun(spec, context, context.progress().resource(spec.resource()), heldBy);
        // "/" names the whole payload (a JSON pointer would read it as the member named "").
        pageCollector.collect(run, FetchedPage.of(spec.payload().equals("/") ? "" : spec.payload(), payload), parent);
        run.progress.markDone();
    }

    /** Once every page is published: the watermark moves on, and a top-level resource is done. */
    private void finish(ResourceRun run, boolean topLevel) {
        ResourceSpec spec = run.spec;
        JobContext context = run.context;
        run.watermarkToStore().ifPresent(at -> watermarks.advance(context.job().repositoryId(), spec.resource(), at));
        if (topLevel) {
            context.resume().finished(spec.resource());
            context.progress().topLevelFinished();
            if (!run.progress.skipped()) {
                run.progress.markDone();
            }
            context.onPage().run();
        }
    }
}
