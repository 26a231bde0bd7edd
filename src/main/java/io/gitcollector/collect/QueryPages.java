package io.gitcollector.collect;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The pages of a {@link QuerySpec} resource: the body of each request, and where the next page starts. */
final class QueryPages {

    private static final Pattern WHOLE_VARIABLE = Pattern.compile("\\{([a-zA-Z_][a-zA-Z0-9_.]*)}");

    private QueryPages() {
    }

    /**
     * {@code {"query": document, "variables": {...}}}: each declared variable from its template, the page size, and
     * the cursor (null on the first page). {@code {since}} is the incremental start, or null in a full run.
     */
    static ObjectNode body(ObjectMapper mapper, QuerySpec query, JobContext context, JsonNode parent, JsonNode parentItem,
                           Instant since, int pageSize, String cursor) {
        ObjectNode body = mapper.createObjectNode();
        body.put("query", query.document());
        ObjectNode variables = body.putObject("variables");
        for (Map.Entry<String, String> variable : query.variables().entrySet()) {
            variables.set(variable.getKey(), value(mapper, variable.getValue(), context, parent, parentItem, since));
        }
        variables.put(query.pageSizeVariable(), pageSize);
        if (cursor == null) {
            variables.putNull(query.cursorVariable());
        } else {
            variables.put(query.cursorVariable(), cursor);
        }
        return body;
    }

    /**
     * A template that is one variable keeps its value's JSON type ({parent.number} stays a number); one with
     * text around its variables is a string.
     */
    private static JsonNode value(ObjectMapper mapper, String template, JobContext context, JsonNode parent,
                                  JsonNode parentItem, Instant since) {
        Matcher whole = WHOLE_VARIABLE.matcher(template.trim());
        if (whole.matches()) {
            String name = whole.group(1);
            if (name.equals("since")) {
                return since == null ? mapper.nullNode() : mapper.getNodeFactory().textNode(since.toString());
            }
            JsonNode found = field(name, parent, parentItem);
            if (found != null) {
                return found;
            }
        }
        return mapper.getNodeFactory().textNode(ResourceUrls.expandText(template, context.pathVariables(), parent, parentItem));
    }

    private static JsonNode field(String name, JsonNode parent, JsonNode parentItem) {
        JsonNode source = name.startsWith("parent.") ? parent : name.startsWith("parent_item.") ? parentItem : null;
        if (source == null) {
            return null;
        }
        JsonNode node = source;
        for (String field : name.substring(name.indexOf('.') + 1).split("\\.")) {
            node = node.path(field);
        }
        if (node.isMissingNode() || node.isNull()) {
            throw new IllegalArgumentException("query variable {" + name + "} has no value");
        }
        return node;
    }

    /** The cursor of the page after this one, from a connection's pageInfo; empty on the last page. */
    static Optional<String> next(JsonNode pageInfo) {
        if (pageInfo == null || !pageInfo.path("hasNextPage").asBoolean(false)) {
            return Optional.empty();
        }
        JsonNode cursor = pageInfo.path("endCursor");
        if (!cursor.isTextual() || cursor.asText().isEmpty()) {
            // hasNextPage without a cursor would ask for the first page again, for ever.
            throw new IllegalStateException("the answer says there is a next page but gives no endCursor");
        }
        return Optional.of(cursor.asText());
    }
}
