package io.gitcollector.collect;

import java.io.IOException;
import java.net.URI;
import java.util.function.Consumer;

import io.gitcollector.http.ApiResponse;
import io.gitcollector.http.PlatformApiException;
import io.gitcollector.state.PageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads a REST resource page by page from its first page URL, following its paging style, and hands each page on
 * before asking for the next (the next is asked for ahead, while the page is handed on, where the run allows it).
 * Conditional requests: the first page with the resource's stored ETag ({@code conditional: first-page}; a 304 ends
 * the resource), or every page with its own ({@code each-page}; a 304 page is passed over, or handed on from its
 * stored body when its items lead to children or embedded lists). A first page answered one of {@code emptyOnStatus}
 * is a resource with no items; one of {@code skipOnStatus} skips the resource ({@link SkippedResource}).
 */
@Component
class PageFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(PageFetcher.class);

    private final ApiCalls apiCalls;
    private final ConditionalPages conditionalPages;

    PageFetcher(ApiCalls apiCalls, ConditionalPages conditionalPages) {
        this.apiCalls = apiCalls;
        this.conditionalPages = conditionalPages;
    }

    /**
     * Reads until the last page, or until the run reaches its watermark; each page is given to {@code collect}, and
     * stored for {@code each-page} once {@code collect} returned (its events are published by then).
     *
     * @param ifNoneMatch the first page's condition ({@link ConditionalPages#firstPageCondition}), or null
     * @param topLevel    whether the resume point and the expected page count follow this resource
     * @return the first page's ETag; null if it had none or was not read
     */
    String fetch(ResourceRun run, URI first, String ifNoneMatch, boolean topLevel, Consumer<FetchedPage> collect)
            throws IOException {
        ResourceSpec spec = run.spec;
        JobContext context = run.context;
        ResourceProgress progress = run.progress;
        var pagination = spec.paging();
        String firstEtag = null;
        URI next = first;
        PageAhead<ApiResponse> ahead = null;
        boolean keepsBody = ConditionalPages.keepsBody(spec);
        try {
            while (next != null && !run.reachedWatermark) {
                if (topLevel) {
                    run.reading(next.toString());
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
                        LOG.info("{} of {}: HTTP {} means no items here", spec.resource(), context.job().repositoryId(),
                                e.status());
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
                        collect.accept(FetchedPage.of(spec.items(), conditionalPages.body(stored)));
                    }
                    next = stored.next();
                    continue;
                }
                if (response.status() == 304) {
                    progress.countNotModified(); // the first page is as it was after the last completed run
                    break;
                }
                var body = response.json();
                if (next == first) {
                    firstEtag = response.header("ETag");
                    if (topLevel) {
                        pagination.pageCount(response, body).ifPresent(progress::expectPages);
                    }
                }
                URI following = pagination.next(response, body).orElse(null);
                if (following != null && run.mayAskAhead()) {
                    ahead = PageAhead.ask(() -> apiCalls.get(context, spec.resource(), following, null));
                }
                collect.accept(FetchedPage.of(spec.items(), body));
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
}
