package io.gitcollector.collect;

import java.util.LinkedHashMap;
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
        String items,
        String pagination,
        String mapper,
        String topic,
        String entity,
        String identity,
        String version,
        String watermark,
        String sinceParam,
        boolean stopAtWatermark,
        String each,
        String pageSizeParam,
        Set<Integer> emptyOnStatus) {

    static final String QUERY_PREFIX = "query.";
    static final Set<String> PARAMETERS = Set.of("path", "items", "pagination", "mapper", "topic", "entity",
            "identity", "version", "watermark", "sinceParam", "stopAtWatermark", "each", "pageSizeParam", "emptyOnStatus");
    private static final Set<String> REQUIRED = Set.of("path", "mapper", "topic", "entity", "identity");

    /** Builds a spec from endpoint parameters, refusing unknown or missing ones with a message that names them. */
    public static ResourceSpec fromParameters(String resource, Map<String, Object> parameters) {
        Map<String, String> p = new LinkedHashMap<>();
        parameters.forEach((k, v) -> p.put(k, v == null ? null : v.toString()));
        Map<String, String> query = new LinkedHashMap<>();
        p.keySet().removeIf(key -> {
            if (key.startsWith(QUERY_PREFIX)) {
                query.put(key.substring(QUERY_PREFIX.length()), p.get(key));
                return true;
            }
            return false;
        });
        Set<String> unknown = new TreeSet<>(p.keySet());
        unknown.removeAll(PARAMETERS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("collect:" + resource + " has unknown parameters " + unknown
                    + "; known: " + new TreeSet<>(PARAMETERS) + " and query.<name> for each query parameter");
        }
        Set<String> missing = new TreeSet<>(REQUIRED);
        missing.removeIf(k -> p.get(k) != null && !p.get(k).isBlank());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("collect:" + resource + " misses required parameters " + missing);
        }
        if (p.get("sinceParam") != null && p.get("watermark") == null
                || Boolean.parseBoolean(p.get("stopAtWatermark")) && p.get("watermark") == null) {
            throw new IllegalArgumentException("collect:" + resource + ": sinceParam and stopAtWatermark need a watermark field");
        }
        return new ResourceSpec(resource, p.get("path"), query, p.getOrDefault("items", ""),
                p.getOrDefault("pagination", "link-header"), p.get("mapper"), p.get("topic"), p.get("entity"),
                p.get("identity"), p.get("version"), p.get("watermark"), p.get("sinceParam"),
                Boolean.parseBoolean(p.get("stopAtWatermark")), p.get("each"), p.getOrDefault("pageSizeParam", "per_page"),
                statuses(resource, p.get("emptyOnStatus")));
    }

    /** "409" or "404,409": answers that mean "no items here" for this resource (GitHub: 409 for an empty repository). */
    private static Set<Integer> statuses(String resource, String list) {
        if (list == null || list.isBlank()) {
            return Set.of();
        }
        Set<Integer> statuses = new TreeSet<>();
        for (String part : list.split(",")) {
            try {
                statuses.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("collect:" + resource + ": emptyOnStatus takes HTTP statuses, like 409; got '" + list + "'");
            }
        }
        return Set.copyOf(statuses);
    }
}
