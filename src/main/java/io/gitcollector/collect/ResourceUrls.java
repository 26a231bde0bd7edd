package io.gitcollector.collect;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** Builds a resource's API URLs: path variables, fixed and repeated query parameters, page size, the since filter. */
final class ResourceUrls {

    private static final Pattern VARIABLE = Pattern.compile("\\{([a-zA-Z_][a-zA-Z0-9_.]*)}");

    private ResourceUrls() {
    }

    /** The URL of a path template under the platform's API URL. */
    static URI apiUrl(JobContext context, String template, JsonNode parent, JsonNode item) {
        String base = context.platform().getApiUrl().replaceAll("/+$", "");
        return URI.create(base + expand(template, context.pathVariables(), parent, item));
    }

    static URI firstPage(ResourceSpec spec, JobContext context, JsonNode parent, Optional<Instant> since) {
        String path = expand(spec.path(), context.pathVariables(), parent, null);
        List<String> query = new ArrayList<>();
        // In an incremental run a since parameter that is also a fixed one takes its place: Gerrit's one query
        // string "q" is "project:{path}" in a full run and 'project:{path} after:"…"' in an incremental one.
        boolean sinceReplaces = spec.sinceParam() != null && since.isPresent();
        spec.query().forEach((name, value) -> {
            if (!(sinceReplaces && name.equals(spec.sinceParam()))) {
                query.add(encodeSegment(name) + "=" + encodeSegment(expand(value, context.pathVariables(), parent, null, false)));
            }
        });
        spec.queryList().forEach((name, values) -> values.forEach(value -> query.add(encodeSegment(name) + "=" + encodeSegment(value))));
        if (spec.pageSizeParam() != null && !spec.pageSizeParam().isBlank() && !"none".equals(spec.pagination())) {
            int size = spec.pageSize() != null ? spec.pageSize() : context.platform().getPageSize();
            query.add(spec.pageSizeParam() + "=" + size);
        }
        if (sinceReplaces) {
            String filter = SinceFilter.write(spec.sinceFormat(), since.get());
            query.add(encodeSegment(spec.sinceParam()) + "=" + encodeSegment(expand(filter, context.pathVariables(), parent, null, false)));
        }
        String base = context.platform().getApiUrl().replaceAll("/+$", "");
        return URI.create(base + path + (query.isEmpty() ? "" : "?" + String.join("&", query)));
    }

    /** Replaces {owner}, {repo}, {path_encoded}, {parent.number}, {item.team.slug}… with URL-encoded values. */
    static String expand(String template, Map<String, String> variables, JsonNode parent, JsonNode item) {
        return expand(template, variables, parent, item, true);
    }

    /** The same, with the values as they are ({parent_item.…} naming the parent's item): for a query's variables. */
    static String expandText(String template, Map<String, String> variables, JsonNode parent, JsonNode parentItem) {
        return expand(template.replace("{parent_item.", "{item."), variables, parent, parentItem, false);
    }

    private static String expand(String template, Map<String, String> variables, JsonNode parent, JsonNode item,
                                 boolean encode) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value;
            if (name.startsWith("parent.") || name.startsWith("item.")) {
                JsonNode source = name.startsWith("parent.") ? parent : item;
                JsonNode node = source;
                for (String field : name.substring(name.indexOf('.') + 1).split("\\.")) {
                    node = node == null ? null : node.path(field);
                }
                if (node == null || node.isMissingNode() || node.isNull()) {
                    throw new IllegalArgumentException("path variable {" + name + "} has no value");
                }
                value = encode ? encodeSegment(node.asText()) : node.asText();
            } else if (name.equals("path_encoded")) {
                value = variables.get(name);
            } else if (variables.containsKey(name)) {
                value = name.equals("path") || !encode ? variables.get(name) : encodeSegment(variables.get(name));
            } else if (name.contains(".")) {
                throw new IllegalArgumentException("path variable {" + name + "} has no value: no earlier resource of this run exported it");
            } else {
                throw new IllegalArgumentException("unknown path variable {" + name + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String encodeSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
