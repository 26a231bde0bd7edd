package io.gitcollector.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.Yaml;

/**
 * The paging presets a source may name in its {@code pagination} parameter. Each is written in the terms a source
 * may use itself, a {@code nextUrl} and a {@code pageCount} jq expression (src/main/resources/pagination-presets.yaml),
 * so a preset is a shorthand, not a different kind of paging.
 */
public final class PaginationStyles {

    private static final String PRESETS = "/pagination-presets.yaml";
    private static final Map<String, Pagination> STYLES = load();

    private PaginationStyles() {
    }

    public static Pagination named(String name) {
        Pagination pagination = STYLES.get(name);
        if (pagination == null) {
            throw new IllegalArgumentException("unknown pagination '" + name + "'; known: " + STYLES.keySet());
        }
        return pagination;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Pagination> load() {
        Map<String, Object> file;
        try (InputStream in = PaginationStyles.class.getResourceAsStream(PRESETS)) {
            if (in == null) {
                throw new IllegalStateException(PRESETS + " is missing from the class path");
            }
            file = new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String functions = String.valueOf(file.getOrDefault("functions", ""));
        Map<String, Pagination> styles = new LinkedHashMap<>();
        file.forEach((name, value) -> {
            if (value instanceof Map<?, ?> preset) {
                Map<String, String> p = (Map<String, String>) preset;
                try {
                    styles.put(name, ExpressionPagination.nextUrl(functions + p.get("nextUrl"),
                            p.get("pageCount") == null ? null : functions + p.get("pageCount")));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(PRESETS + ": preset " + name + ": " + e.getMessage(), e);
                }
            }
        });
        styles.put("none", (response, body) -> Optional.empty());
        return java.util.Collections.unmodifiableMap(styles);
    }
}
