package io.gitcollector.collect;

import java.net.URI;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.http.ApiResponse;
import io.gitcollector.state.EtagStore;
import io.gitcollector.state.PageStore;
import org.springframework.stereotype.Component;

/**
 * What an incremental run asks with If-None-Match, and what a 304 then stands for. {@code conditional: first-page}
 * (the default): the first page's ETag, and a 304 means the whole resource is as it was. {@code each-page}: every
 * page's own ETag; a 304 page is skipped (its events were published when it was stored), or answered from its
 * stored body where its items lead to child resources or embedded lists, which are then asked in turn. Only an
 * incremental run asks: a full run reads everything, and stores what the next incremental asks with.
 */
@Component
class ConditionalPages {

    private final EtagStore etags;
    private final PageStore pages;
    private final ObjectMapper mapper;

    ConditionalPages(EtagStore etags, PageStore pages, ObjectMapper mapper) {
        this.etags = etags;
        this.pages = pages;
        this.mapper = mapper;
    }

    /** The ETag to ask a top-level resource's first page with, under {@code conditional: first-page}; else null. */
    String firstPageCondition(ResourceSpec spec, JobContext context, URI first) {
        return context.conditional() && spec.conditional()
                ? etags.find(context.job().repositoryId(), spec.resource(), first).orElse(null) : null;
    }

    /** Called once every page of the resource is published. */
    void rememberFirstPage(ResourceSpec spec, JobContext context, URI first, String etag) {
        if (etag != null && spec.conditional()) {
            etags.store(context.job().repositoryId(), spec.resource(), first, etag);
        }
    }

    /**
     * The stored answer to ask this page with, under {@code conditional: each-page} in an incremental run; none
     * when a 304 must be answered from a body that was not kept.
     */
    Optional<PageStore.Page> stored(ResourceSpec spec, JobContext context, URI page, boolean needsBody) {
        return spec.eachPageConditional() && context.conditional()
                ? pages.find(context.job().repositoryId(), page).filter(p -> !needsBody || p.body() != null)
                : Optional.empty();
    }

    /**
     * Stores a page's answer under {@code conditional: each-page}, once what it holds is published; with its body
     * when {@code keepBody} (a 304 must then be answered from it).
     */
    void remember(ResourceSpec spec, JobContext context, URI page, ApiResponse response, URI next, boolean keepBody) {
        String etag = response.header("ETag");
        if (spec.eachPageConditional() && etag != null && response.status() == 200) {
            pages.store(context.job().repositoryId(), page,
                    new PageStore.Page(etag, next, keepBody ? response.json().toString() : null));
        }
    }

    /** Whether a 304 to this resource's page must be answered from the stored body. */
    static boolean keepsBody(ResourceSpec spec) {
        return spec.each() != null || !spec.embeds().isEmpty();
    }

    /** The stored body a 304 stands for. */
    JsonNode body(PageStore.Page page) {
        try {
            return mapper.readTree(page.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored page is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
