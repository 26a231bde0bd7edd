package io.gitcollector.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * Paging a source declares as a jq expression, for an API no preset fits. The expression reads
 * {@code {body, headers, url, offset}} (headers by lower-case name; {@code offset} the page's value of
 * {@code offsetParam}, 0 when absent) and gives the next page: with {@code nextUrl} a URL (relative to the page's),
 * with {@code nextOffset} the value {@code offsetParam} takes on the next page; null or false on the last page.
 * <pre>
 *   Bitbucket Cloud:       nextUrl: .body.next
 *   Bitbucket Data Center: nextOffset: "if .body.isLastPage then null else .body.nextPageStart end", offsetParam: start
 *   Gerrit:                nextOffset: "if (.body | length) > 0 and .body[-1]._more_changes then [.offset, (.body | length)] | add else null end",
 *                          offsetParam: S
 * </pre>
 */
public final class ExpressionPagination implements Pagination {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Scope ROOT = rootScope();

    private final JsonQuery expression;
    /** How many pages the list has, for progress; null when the source does not say. */
    private final JsonQuery pageCountExpression;
    private final String offsetParam;
    /** The offset in a page's query; null when paging by URL. */
    private final Pattern offsetInQuery;

    private ExpressionPagination(JsonQuery expression, JsonQuery pageCountExpression, String offsetParam) {
        this.expression = expression;
        this.pageCountExpression = pageCountExpression;
        this.offsetParam = offsetParam;
        this.offsetInQuery = offsetParam == null ? null : Pattern.compile("(?:^|&)" + Pattern.quote(offsetParam) + "=(\\d+)");
    }

    /**
     * The next page by URL, and the number of pages where the answer says so.
     * @param pageCount a jq expression giving the number of pages or null; null for none
     * @throws IllegalArgumentException when an expression does not compile
     */
    public static ExpressionPagination nextUrl(String expression, String pageCount) {
        return new ExpressionPagination(compile("nextUrl", expression),
                pageCount == null ? null : compile("pageCount", pageCount), null);
    }

    /** The next page by URL. @throws IllegalArgumentException when the expression does not compile */
    public static ExpressionPagination nextUrl(String expression) {
        return nextUrl(expression, null);
    }

    /** The next page by offset. @throws IllegalArgumentException when the expression does not compile */
    public static ExpressionPagination nextOffset(String expression, String offsetParam) {
        return nextOffset(expression, offsetParam, null);
    }

    /** The next page by offset, and the number of pages where the answer says so (pageCount may be null). */
    public static ExpressionPagination nextOffset(String expression, String offsetParam, String pageCount) {
        if (offsetParam == null || offsetParam.isBlank()) {
            throw new IllegalArgumentException("nextOffset needs offsetParam, the query parameter the offset goes in");
        }
        return new ExpressionPagination(compile("nextOffset", expression),
                pageCount == null ? null : compile("pageCount", pageCount), offsetParam);
    }

    @Override
    public Optional<URI> next(ApiResponse response, JsonNode body) {
        JsonNode next = evaluate(expression, input(response, body));
        if (next == null || next.isNull() || next.isMissingNode() || (next.isBoolean() && !next.asBoolean())
                || (next.isTextual() && next.asText().isBlank())) {
            return Optional.empty();
        }
        if (offsetParam == null) {
            return Optional.of(resolve(response.uri(), next.asText()));
        }
        return Optional.of(withParam(response.uri(), offsetParam, next.asText()));
    }

    /** The page count the expression reads off the answer; none when there is no expression, or it gives no number. */
    @Override
    public java.util.OptionalLong pageCount(ApiResponse response, JsonNode body) {
        if (pageCountExpression == null) {
            return java.util.OptionalLong.empty();
        }
        try {
            JsonNode count = evaluate(pageCountExpression, input(response, body));
            return count != null && count.isNumber() ? java.util.OptionalLong.of(count.asLong()) : java.util.OptionalLong.empty();
        } catch (IllegalStateException e) {
            return java.util.OptionalLong.empty(); // a progress figure is not worth failing a page for
        }
    }

    private ObjectNode input(ApiResponse response, JsonNode body) {
        ObjectNode input = MAPPER.createObjectNode();
        input.set("body", body);
        ObjectNode headers = input.putObject("headers");
        response.headers().forEach((name, value) -> {
            if (value != null) {
                headers.put(name.toLowerCase(java.util.Locale.ROOT), value.toString());
            }
        });
        input.put("url", response.uri().toString());
        input.put("offset", offsetParam == null ? 0 : currentOffset(response.uri()));
        return input;
    }

    private static JsonNode evaluate(JsonQuery expression, JsonNode input) {
        List<JsonNode> out = new ArrayList<>(1);
        try {
            expression.apply(Scope.newChildScope(ROOT), input, out::add);
        } catch (JsonQueryException e) {
            throw new IllegalStateException("the paging expression failed on this page: " + e.getMessage(), e);
        }
        return out.isEmpty() ? null : out.get(0);
    }

    private long currentOffset(URI uri) {
        Matcher m = offsetInQuery.matcher(uri.getRawQuery() == null ? "" : uri.getRawQuery());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** RFC 3986 resolution; java.net.URI drops the last path segment for a query-only reference ("?token=…"). */
    private static URI resolve(URI page, String reference) {
        if (reference.startsWith("?")) {
            String text = page.toString();
            int q = text.indexOf('?');
            return URI.create((q < 0 ? text : text.substring(0, q)) + reference);
        }
        return page.resolve(reference);
    }

    static URI withParam(URI uri, String name, String value) {
        String query = uri.getRawQuery();
        String pair = name + "=" + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
        String replaced;
        if (query == null || query.isEmpty()) {
            replaced = pair;
        } else {
            Matcher m = Pattern.compile("(^|&)" + Pattern.quote(name) + "=[^&]*").matcher(query);
            replaced = m.find() ? m.replaceFirst(Matcher.quoteReplacement(m.group(1) + pair)) : query + "&" + pair;
        }
        String text = uri.toString();
        int q = text.indexOf('?');
        return URI.create((q < 0 ? text : text.substring(0, q)) + "?" + replaced);
    }

    private static JsonQuery compile(String parameter, String expression) {
        try {
            return JsonQuery.compile(expression, Versions.JQ_1_6);
        } catch (JsonQueryException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new IllegalArgumentException(parameter + " is not a jq expression that compiles: "
                    + String.valueOf(cause.getMessage()).lines().findFirst().orElse("").trim());
        }
    }

    private static Scope rootScope() {
        Scope scope = Scope.newEmptyScope();
        BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, scope);
        return scope;
    }
}
