package io.gitcollector.collect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A resource read with a query document POSTed as {@code {"query": …, "variables": {…}}} (GraphQL over HTTP)
 * and paged by its connection's {@code pageInfo}: the engine sets the page-size variable and, from the second
 * page on, the cursor variable to {@code pageInfo.endCursor}, while {@code hasNextPage} holds. Declared by these
 * parameters of a {@code collect:} endpoint (README, "Adding a source"):
 * <ul>
 *   <li>{@code query}: the document; {@code variables.<name>}: templates ({owner}, {repo}, {parent.number},
 *       {parent_item.id}, {since}) for its other variables;</li>
 *   <li>{@code cursorVariable} ({@code after}), {@code pageSizeVariable} ({@code first});</li>
 *   <li>{@code pageInfo}: where the connection's pageInfo is in the answer; {@code items} where its nodes are;</li>
 *   <li>{@code embedded}: for a child resource, where its first page already is inside the parent's item (a
 *       connection nested in the parent's query): no call is made unless that connection has a next page;</li>
 *   <li>{@code errors} ({@code /errors}): where the answer lists errors; {@code rateLimitedErrors}: error types that
 *       mean the quota is spent; {@code shrinkOnStatus} and {@code shrinkOnError} (a text an error message holds):
 *       answers after which the same page is asked for again at half the size (then grown back);</li>
 *   <li>{@code cost}: where the answer says what the query cost (added to the run's points);
 *       {@code quota}: the name of the token budget the calls spend, when the platform keeps it apart.</li>
 * </ul>
 */
public record QuerySpec(String document, Map<String, String> variables, String cursorVariable, String pageSizeVariable,
                        String pageInfo, String embedded, String errors, Set<String> rateLimitedErrors,
                        Set<Integer> shrinkOnStatus, List<String> shrinkOnError, String cost, String quota) {

    static final String VARIABLES_PREFIX = "variables.";
    /** A query's own parameters, as ResourceEndpoint declares them (label graphql). */
    static final Set<String> PARAMETERS = ResourceEndpoint.parameters(true);

    /** @return the query spec of these parameters (removing them), or null when there is no {@code query} */
    static QuerySpec take(String resource, Map<String, String> p) {
        Map<String, String> variables = ResourceSpec.prefixed(p, VARIABLES_PREFIX);
        Map<String, String> own = new LinkedHashMap<>();
        for (String name : PARAMETERS) {
            if (p.containsKey(name)) {
                own.put(name, p.remove(name));
            }
        }
        String document = own.get("query");
        if (document == null || document.isBlank()) {
            if (!own.isEmpty() || !variables.isEmpty()) {
                Set<String> named = new TreeSet<>(own.keySet());
                variables.keySet().forEach(v -> named.add(VARIABLES_PREFIX + v));
                throw new IllegalArgumentException("collect:" + resource + ": " + named + " need a query");
            }
            return null;
        }
        String pageInfo = own.get("pageInfo");
        if (pageInfo == null || !pageInfo.startsWith("/")) {
            throw new IllegalArgumentException("collect:" + resource + ": a query needs pageInfo, the JSON pointer of its "
                    + "connection's pageInfo in the answer (like /data/repository/pullRequests/pageInfo)");
        }
        String embedded = own.get("embedded");
        if (embedded != null && !embedded.startsWith("/")) {
            throw new IllegalArgumentException("collect:" + resource + ": embedded is a JSON pointer into the parent's item, "
                    + "like /reviews; got '" + embedded + "'");
        }
        return new QuerySpec(document, Map.copyOf(variables), own.getOrDefault("cursorVariable", "after"),
                own.getOrDefault("pageSizeVariable", "first"), pageInfo, embedded, own.getOrDefault("errors", "/errors"),
                words(own.get("rateLimitedErrors")), ResourceSpec.statuses(resource, "shrinkOnStatus", own.get("shrinkOnStatus")),
                List.copyOf(words(own.get("shrinkOnError"))), own.get("cost"), own.getOrDefault("quota", ""));
    }

    private static Set<String> words(String list) {
        Set<String> words = new TreeSet<>();
        if (list != null) {
            for (String word : list.split(",")) {
                if (!word.isBlank()) {
                    words.add(word.trim());
                }
            }
        }
        return words;
    }
}
