package io.gitcollector.collect;

import java.net.URI;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.http.PlatformApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads a query (GraphQL) resource page by page on its connection's cursor, and hands each page on before asking for
 * the next (asked for ahead where the run allows it). A child whose first page is nested in the parent's item
 * ({@code embedded}) starts from there and calls only for the pages after it. An answer the source marks as too much
 * at once (a gateway timeout) is asked for again at half the page size.
 */
@Component
class QueryPageFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(QueryPageFetcher.class);

    private final ApiCalls apiCalls;
    private final ObjectMapper mapper;

    QueryPageFetcher(ApiCalls apiCalls, ObjectMapper mapper) {
        this.apiCalls = apiCalls;
        this.mapper = mapper;
    }

    /**
     * Reads until the last page, or until the run reaches its watermark, giving each page to {@code collect}.
     *
     * @param resumedPage the page a run stopped for a rate limit was on ({@link QueryCursor#page}), or null
     */
    void fetch(ResourceRun run, JsonNode parent, JsonNode parentItem, String resumedPage, Consumer<FetchedPage> collect) {
        ResourceSpec spec = run.spec;
        JobContext context = run.context;
        QuerySpec query = spec.queryRequest();
        boolean topLevel = parent == null;
        URI uri = ResourceUrls.apiUrl(context, spec.path(), parent, null);
        PageSize size = new PageSize(spec.pageSize() != null ? spec.pageSize() : context.platform().getPageSize());
        String cursor = QueryCursor.fromPage(resumedPage);
        if (query.embedded() != null && parentItem != null && resumedPage == null) {
            JsonNode connection = parentItem.at(query.embedded());
            if (!connection.isMissingNode() && !connection.isNull()) {
                collect.accept(FetchedPage.of("/nodes", connection));
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
                    run.reading(QueryCursor.page(cursor));
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
                if (next.isPresent() && run.mayAskAhead()) {
                    ObjectNode body = QueryPages.body(mapper, query, context, parent, parentItem, run.since, size.current(), next.get());
                    ahead = PageAhead.ask(() -> apiCalls.query(context, spec.resource(), uri, body, query));
                }
                collect.accept(FetchedPage.of(spec.items(), json));
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
}
