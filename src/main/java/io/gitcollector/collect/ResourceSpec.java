package io.gitcollector.collect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a source declares about one resource, as the parameters of a {@code collect:<resource>}
 * endpoint in its YAML file. See README, "Adding a source", for each parameter.
 */
public record ResourceSpec(
        String resource,
        String path,
        Map<String, String> query,
        Map<String, List<String>> queryList,
        String items,
        String pagination,
        String mapper,
        String topic,
        String entity,
        String identity,
        String version,
        String watermark,
        String sinceParam,
        String sinceFormat,
        boolean stopAtWatermark,
        Pending pending,
        String each,
        String pageSizeParam,
        Integer pageSize,
        Set<Integer> emptyOnStatus,
        Set<Integer> skipOnStatus,
        Map<String, Embed> embeds,
        boolean conditional,
        boolean eachPageConditional,
        List<String> export,
        QuerySpec queryRequest,
        String payload,
        io.gitcollector.http.Pagination paging,
        io.gitcollector.http.Pagination embedPaging,
        String discover) {

    static final String QUERY_PREFIX = "query.";
    static final String QUERY_LIST_PREFIX = "queryList.";
    static final String EMBED_PREFIX = "embed.";
    static final String EMBED_ITEMS_PREFIX = "embedItems.";
    /** The parameters a source may give, as ResourceEndpoint declares them for Camel's tooling (@UriParam). */
    static final Set<String> PARAMETERS = ResourceEndpoint.parameters(false);
    private static final Set<String> REQUIRED = Set.of("path", "mapper", "entity", "identity");
    /** A listing (no mapper, an {@code each}) publishes nothing itself: its items only lead to child resources. */
    private static final Set<String> REQUIRED_OF_A_LISTING = Set.of("path", "each");
    /** A discovery (an organization's repositories) publishes nothing: each item names a repository to schedule. */
    private static final Set<String> REQUIRED_OF_A_DISCOVERY = Set.of("path", "discover");

    /** A list fetched whole for each item and set on it as {@code field} before mapping (a team's members). */
    public record Embed(String field, String path, String items) {
    }

    /**
     * Items still in progress (a running pipeline) hold the watermark back to them, so the next
     * incremental run sees them again when they finish: {@code pendingWhen: status=queued,running}.
     */
    public record Pending(String field, Set<String> values) {
    }

    /**
     * A field of the mapped data: a top-level name ({@code updated_at}) or a JSON pointer
     * ({@code /extra/updated_at}) for a value kept out of the normalized fields.
     */
    public static com.fasterxml.jackson.databind.JsonNode field(com.fasterxml.jackson.databind.JsonNode data, String name) {
        return name.startsWith("/") ? data.at(name) : data.path(name);
    }

    /** Builds a spec from endpoint parameters, refusing unknown or missing ones with a message that names them. */
    public static ResourceSpec fromParameters(String resource, Map<String, Object> parameters) {
        Map<String, String> p = new LinkedHashMap<>();
        parameters.forEach((k, v) -> p.put(k, v == null ? null : v.toString()));
        Map<String, String> query = prefixed(p, QUERY_PREFIX);
        Map<String, List<String>> queryList = new LinkedHashMap<>();
        prefixed(p, QUERY_LIST_PREFIX).forEach((name, values) -> queryList.put(name,
                List.of(values.split("\\s*,\\s*"))));
        Map<String, String> embedPaths = prefixed(p, EMBED_PREFIX);
        Map<String, String> embedItems = prefixed(p, EMBED_ITEMS_PREFIX);
        QuerySpec querySpec = QuerySpec.take(resource, p);
        Set<String> unknown = new TreeSet<>(p.keySet());
        unknown.removeAll(PARAMETERS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("collect:" + resource + " has unknown parameters " + unknown
                    + "; known: " + new TreeSet<>(PARAMETERS) + ", " + new TreeSet<>(QuerySpec.PARAMETERS)
                    + " and " + new TreeSet<>(ResourceEndpoint.prefixes().keySet()).stream().map(prefix -> prefix + "<name>")
                            .collect(java.util.stream.Collectors.joining(", ")));
        }
        boolean listing = p.get("mapper") == null && p.get("each") != null;
        boolean discovery = p.get("discover") != null;
        if (discovery && (p.get("mapper") != null || p.get("each") != null || p.get("watermark") != null)) {
            throw new IllegalArgumentException("collect:" + resource + ": a discovery (discover) only names repositories; "
                    + "it takes no mapper, each or watermark");
        }
        if (discovery && !p.get("discover").startsWith("/")) {
            throw new IllegalArgumentException("collect:" + resource + ": discover is a JSON pointer to the repository's web URL "
                    + "in each item, like /html_url; got '" + p.get("discover") + "'");
        }
        Set<String> missing = new TreeSet<>(discovery ? REQUIRED_OF_A_DISCOVERY : listing ? REQUIRED_OF_A_LISTING : REQUIRED);
        if (p.get("payload") != null) {
            missing.remove("path"); // read from a webhook's payload, not from the API
        }
        missing.removeIf(k -> p.get(k) != null && !p.get(k).isBlank());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("collect:" + resource + " misses required parameters " + missing);
        }
        if (listing && p.get("watermark") != null) {
            throw new IllegalArgumentException("collect:" + resource + ": a listing without a mapper has no watermark; "
                    + "give it a mapper, or the watermark to its child resource");
        }
        String conditional = p.getOrDefault("conditional", "first-page").trim();
        if (!Set.of("first-page", "true", "each-page", "false").contains(conditional)) {
            throw new IllegalArgumentException("collect:" + resource + ": conditional takes first-page (or true), each-page "
                    + "or false; got '" + conditional + "'");
        }
        boolean eachPage = conditional.equals("each-page");
        if (eachPage && querySpec != null) {
            throw new IllegalArgumentException("collect:" + resource + ": conditional: each-page needs GET pages with ETags, "
                    + "not a query");
        }
        if ((p.get("sinceParam") != null || Boolean.parseBoolean(p.get("stopAtWatermark")) || p.get("pendingWhen") != null)
                && p.get("watermark") == null) {
            throw new IllegalArgumentException("collect:" + resource + ": sinceParam, stopAtWatermark and pendingWhen need a watermark field");
        }
        String sinceFormat = p.getOrDefault("sinceFormat", "{since}");
        SinceFilter.check(resource, sinceFormat);
        Set<String> unknownItems = new TreeSet<>(embedItems.keySet());
        unknownItems.removeAll(embedPaths.keySet());
        if (!unknownItems.isEmpty()) {
            throw new IllegalArgumentException("collect:" + resource + ": embedItems." + unknownItems.iterator().next()
                    + " has no embed." + unknownItems.iterator().next());
        }
        Map<String, Embed> embeds = new LinkedHashMap<>();
        embedPaths.forEach((field, path) -> embeds.put(field, new Embed(field, path, embedItems.getOrDefault(field, ""))));
        io.gitcollector.http.Pagination paging = null;
        io.gitcollector.http.Pagination embedPaging = null;
        if (querySpec == null) {
            // A misspelt style or an expression that does not compile fails here, when the route is created.
            try {
                paging = paging(p);
                embedPaging = p.containsKey("embedPagination")
                        ? io.gitcollector.http.PaginationStyles.named(p.get("embedPagination")) : paging;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("collect:" + resource + ": " + e.getMessage()
                        + (p.containsKey("nextUrl") || p.containsKey("nextOffset") ? "" : " (or cursor, with a query)"));
            }
        } else if (p.containsKey("pagination") && !"cursor".equals(p.get("pagination"))) {
            throw new IllegalArgumentException("collect:" + resource + ": a query is paged by its cursor (pagination: cursor), "
                    + "not '" + p.get("pagination") + "'");
        }
        return new ResourceSpec(resource, p.get("path"), query, queryList, p.getOrDefault("items", ""),
                querySpec != null ? "cursor" : p.getOrDefault("pagination",
                        p.containsKey("nextUrl") || p.containsKey("nextOffset") ? "expression" : "link-header"), p.get("mapper"), p.get("topic"), p.get("entity"),
                p.get("identity"), p.get("version"), p.get("watermark"), p.get("sinceParam"), sinceFormat,
                Boolean.parseBoolean(p.get("stopAtWatermark")), pending(resource, p.get("pendingWhen")), p.get("each"),
                p.getOrDefault("pageSizeParam", "per_page"), pageSize(resource, p.get("pageSize")),
                statuses(resource, "emptyOnStatus", p.get("emptyOnStatus")),
                statuses(resource, "skipOnStatus", p.get("skipOnStatus")), embeds,
                // A 304 on the first page would leave what a resource exports or embeds unread: those read the
                // list (each-page answers a 304 from the stored page instead). A POSTed query has no ETag to ask with.
                querySpec == null && (conditional.equals("first-page") || conditional.equals("true")) && embeds.isEmpty()
                        && p.get("export") == null,
                eachPage,
                p.get("export") == null ? List.of() : List.of(p.get("export").trim().split("\\s*,\\s*")), querySpec,
                p.get("payload"), paging, embedPaging, p.get("discover"));
    }

    /**
     * A preset named by {@code pagination} (link-header, page-headers, body-next, total-count, none), or the source's
     * own jq expression: {@code nextUrl}, or {@code nextOffset} with {@code offsetParam} ({@code pagination: expression}).
     */
    private static io.gitcollector.http.Pagination paging(Map<String, String> p) {
        boolean expression = p.containsKey("nextUrl") || p.containsKey("nextOffset");
        String named = p.getOrDefault("pagination", expression ? "expression" : "link-header");
        if (!expression) {
            if (named.equals("expression")) {
                throw new IllegalArgumentException("pagination: expression needs nextUrl or nextOffset");
            }
            if (p.containsKey("offsetParam") || p.containsKey("pageCount")) {
                throw new IllegalArgumentException(p.containsKey("offsetParam") ? "offsetParam goes with nextOffset"
                        : "pageCount goes with nextUrl or nextOffset (a preset counts its own pages)");
            }
            return io.gitcollector.http.PaginationStyles.named(named);
        }
        if (!named.equals("expression")) {
            throw new IllegalArgumentException("nextUrl and nextOffset are pagination: expression, not '" + named + "'");
        }
        if (p.containsKey("nextUrl") && p.containsKey("nextOffset")) {
            throw new IllegalArgumentException("give nextUrl or nextOffset, not both");
        }
        return p.containsKey("nextUrl") ? io.gitcollector.http.ExpressionPagination.nextUrl(p.get("nextUrl"), p.get("pageCount"))
                : io.gitcollector.http.ExpressionPagination.nextOffset(p.get("nextOffset"), p.get("offsetParam"), p.get("pageCount"));
    }

    /** Removes the parameters that start with {@code prefix} and returns them by the rest of their name. */
    static Map<String, String> prefixed(Map<String, String> p, String prefix) {
        Map<String, String> found = new LinkedHashMap<>();
        p.keySet().removeIf(key -> {
            if (key.startsWith(prefix)) {
                found.put(key.substring(prefix.length()), p.get(key));
                return true;
            }
            return false;
        });
        return found;
    }

    private static Pending pending(String resource, String spec) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new IllegalArgumentException("collect:" + resource + ": pendingWhen takes field=value,value, like status=queued,running; got '" + spec + "'");
        }
        return new Pending(spec.substring(0, eq).trim(), Set.of(spec.substring(eq + 1).trim().split("\\s*,\\s*")));
    }

    private static Integer pageSize(String resource, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int size = Integer.parseInt(value.trim());
            if (size > 0) {
                return size;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("collect:" + resource + ": pageSize must be a positive number; got '" + value + "'");
    }

    /** "409" or "404,409": HTTP statuses with a meaning for this resource (GitHub: 409 for an empty repository). */
    static Set<Integer> statuses(String resource, String parameter, String list) {
        if (list == null || list.isBlank()) {
            return Set.of();
        }
        Set<Integer> statuses = new TreeSet<>();
        for (String part : list.split(",")) {
            try {
                statuses.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("collect:" + resource + ": " + parameter + " takes HTTP statuses, like 409; got '" + list + "'");
            }
        }
        return Set.copyOf(statuses);
    }
}
