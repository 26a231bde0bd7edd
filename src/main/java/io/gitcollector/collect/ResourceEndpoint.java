package io.gitcollector.collect;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/**
 * A {@code collect:<resource>} endpoint: producer only; sending to it collects the resource. Its parameters are
 * declared here as Camel endpoint metadata ({@link UriParam}), which is also the list {@link ResourceSpec} checks
 * a source against: a parameter not declared here is refused when the route is created.
 */
@UriEndpoint(firstVersion = "1.0.0", scheme = "collect", title = "Collect", syntax = "collect:resource",
        producerOnly = true, remote = true, category = {Category.API})
public class ResourceEndpoint extends DefaultEndpoint {

    @UriPath(description = "The resource's name in progress, watermarks and logs (commits, pull_requests)")
    @Metadata(required = true)
    private String resource;

    @UriParam(label = "request", description = "API path under the platform's api-url; variables {owner}, {repo}, {path}, {path_encoded}, the repository-path-pattern's named groups, {parent.<field>} in child resources, {<resource>.<field>} of exported fields")
    private String path;
    @UriParam(label = "request", description = "JSON pointer to the list in the answer (/values); empty: the answer is the list or the one object")
    private String items;
    @UriParam(label = "paging", description = "A paging preset, or expression (implied by nextUrl or nextOffset)", enums = "link-header,page-headers,body-next,total-count,none,expression")
    private String pagination;
    @UriParam(label = "paging", description = "jq over {body, headers, url, offset}: the next page's URL (relative to the page's), or null on the last page")
    private String nextUrl;
    @UriParam(label = "paging", description = "jq over {body, headers, url, offset}: the value offsetParam takes on the next page, or null on the last page")
    private String nextOffset;
    @UriParam(label = "paging", description = "The query parameter nextOffset's value goes in (Gerrit S, Bitbucket Data Center start)")
    private String offsetParam;
    @UriParam(label = "paging", description = "jq over the same input: how many pages the list has, for the progress figure, or null")
    private String pageCount;
    @UriParam(label = "paging", description = "The page-size query parameter (default per_page)")
    private String pageSizeParam;
    @UriParam(label = "paging", description = "Items per page for this resource (default: the platform's page-size)")
    private Integer pageSize;
    @UriParam(label = "mapping", description = "The route that maps one item to {event_type, data}; left out with an each, the resource is a listing")
    private String mapper;
    @UriParam(label = "mapping", description = "Overrides the contract's topic for the event type")
    private String topic;
    @UriParam(label = "identity", description = "What the event id is made of: the entity's name")
    private String entity;
    @UriParam(label = "identity", description = "The mapped field (or JSON pointer into the mapped data) that identifies the item")
    private String identity;
    @UriParam(label = "identity", description = "The mapped field (or pointer) that versions the item; left out, the data's hash")
    private String version;
    @UriParam(label = "window", description = "The mapped time field incremental runs start from")
    private String watermark;
    @UriParam(label = "window", description = "The query parameter of the API's date filter; replaces a query. parameter of that name in incremental runs")
    private String sinceParam;
    @UriParam(label = "window", description = "The filter's value around {since}, {since_offset} or {since:<date pattern>}")
    private String sinceFormat;
    @UriParam(label = "window", description = "The list is newest first: stop at the first item older than the watermark")
    private Boolean stopAtWatermark;
    @UriParam(label = "window", description = "field=v1,v2: items with these values hold the watermark back to them")
    private String pendingWhen;
    @UriParam(label = "tree", description = "The route called per item for child resources")
    private String each;
    @UriParam(label = "tree", description = "The paging preset of the embed lists (default: the resource's)")
    private String embedPagination;
    @UriParam(label = "tree", description = "Fields of the mapped data later resources of the run may use in their paths")
    private String export;
    @UriParam(label = "tree", description = "JSON pointer to the items in the parent's item (child resources) or the webhook's payload, instead of a call")
    private String payload;
    @UriParam(label = "discovery", description = "JSON pointer to a repository's web URL in each item: the resource lists an organization's repositories (in a direct:discover-<platform> route), which are scheduled for collection; nothing is published")
    private String discover;
    @UriParam(label = "errors", description = "Statuses on the first page that mean no items")
    private String emptyOnStatus;
    @UriParam(label = "errors", description = "Statuses that mean the token may not read the resource: skipped with a warning")
    private String skipOnStatus;
    @UriParam(label = "request", description = "Conditional requests: first-page (true), each-page or false", enums = "first-page,true,each-page,false")
    private String conditional;

    @UriParam(label = "graphql", description = "A query document POSTed as {query, variables}; paged on its connection's pageInfo cursor")
    private String query;
    @UriParam(label = "graphql", description = "The cursor variable the engine sets (default after)")
    private String cursorVariable;
    @UriParam(label = "graphql", description = "The page-size variable the engine sets (default first)")
    private String pageSizeVariable;
    @UriParam(label = "graphql", description = "JSON pointer to the connection's pageInfo")
    private String pageInfo;
    @UriParam(label = "graphql", description = "In a child resource: JSON pointer into the parent's item where the connection's first page already is")
    private String embedded;
    @UriParam(label = "graphql", description = "JSON pointer to the answer's errors (default /errors)")
    private String errors;
    @UriParam(label = "graphql", description = "Error types that mean the quota is spent")
    private String rateLimitedErrors;
    @UriParam(label = "graphql", description = "Statuses after which the page is asked again at half the size")
    private String shrinkOnStatus;
    @UriParam(label = "graphql", description = "Words of an error message after which the page is asked again at half the size")
    private String shrinkOnError;
    @UriParam(label = "graphql", description = "JSON pointer to what the answer says it cost, summed into the run's query points")
    private String cost;
    @UriParam(label = "graphql", description = "The token budget these calls spend when the platform counts them apart")
    private String quota;

    @UriParam(label = "request", prefix = "query.", multiValue = true, description = "Fixed query parameters: query.<name>")
    private Map<String, Object> queryParameters;
    @UriParam(label = "request", prefix = "queryList.", multiValue = true, description = "Repeated query parameters: queryList.<name>: A,B sends name=A&name=B")
    private Map<String, Object> queryLists;
    @UriParam(label = "tree", prefix = "embed.", multiValue = true, description = "Before mapping, read a path whole and set it on the item: embed.<field>")
    private Map<String, Object> embeds;
    @UriParam(label = "tree", prefix = "embedItems.", multiValue = true, description = "JSON pointer to the list in an embed's answer: embedItems.<field>")
    private Map<String, Object> embedItems;
    @UriParam(label = "graphql", prefix = "variables.", multiValue = true, description = "A query's variables: variables.<name>")
    private Map<String, Object> variables;

    private final ResourceSpec spec;
    private final ResourceCollector collector;

    ResourceEndpoint(String uri, CollectComponent component, ResourceSpec spec, ResourceCollector collector) {
        super(uri, component);
        this.resource = spec.resource();
        this.spec = spec;
        this.collector = collector;
    }

    /** The names of the declared parameters with this label (graphql: a query's own), prefixed ones left out. */
    static Set<String> parameters(boolean graphql) {
        return declared(false).filter(f -> graphql == f.getAnnotation(UriParam.class).label().equals("graphql"))
                .map(Field::getName).collect(Collectors.toUnmodifiableSet());
    }

    /** The declared prefixes of parameter families (query., embed., variables.…), each with its description. */
    static Map<String, String> prefixes() {
        return declared(true).collect(Collectors.toUnmodifiableMap(f -> f.getAnnotation(UriParam.class).prefix(),
                f -> f.getAnnotation(UriParam.class).description()));
    }

    private static java.util.stream.Stream<Field> declared(boolean prefixed) {
        return Arrays.stream(ResourceEndpoint.class.getDeclaredFields())
                .filter(f -> f.isAnnotationPresent(UriParam.class) && f.getAnnotation(UriParam.class).prefix().isEmpty() != prefixed);
    }

    @Override
    public Producer createProducer() {
        return new DefaultProducer(this) {
            @Override
            public void process(org.apache.camel.Exchange exchange) throws Exception {
                collector.collect(spec, exchange);
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("collect: endpoints can only be sent to");
    }

    @Override
    public boolean isRemote() {
        return true;
    }
}
