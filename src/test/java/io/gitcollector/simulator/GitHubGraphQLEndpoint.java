package io.gitcollector.simulator;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.type.TypeReference;
import graphql.ExceptionWhileDataFetching;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.language.SourceLocation;
import io.gitcollector.simulator.SimulatorServer.Call;

/**
 * {@code POST {apiUrl}/graphql} as GitHub answers it, in GitHub's order: parse and validate, then the static
 * limits (pagination 1–100 and the 500,000-node limit), then the {@code graphql} primary rate limit (the query's
 * cost by GitHub's formula, refused with HTTP 200 and a RATE_LIMITED body when it does not fit), then the query
 * runs. Query errors are HTTP 200 with {@code errors[]} ({@code type}, {@code path}, {@code locations},
 * {@code message}) beside or instead of {@code data}. Every answer carries the {@code graphql} X-RateLimit-* headers.
 */
final class GitHubGraphQLEndpoint {

    /** The two spellings of the rate-limit error type GitHub has been seen to send. */
    enum RateLimitType { RATE_LIMITED, RATE_LIMIT }

    private static final String JSON = "application/json; charset=utf-8";
    private static final String GATEWAY_502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    private static final String TIMEOUT = "Something went wrong while executing your query. This may be the result of a "
            + "timeout, or it could be a GitHub bug. Please include `%s` when reporting this issue.";

    private final GitHubGraphQL graphQL;
    private final GraphQLQuotas quotas;
    private final GraphQLFaults faults;
    private final GraphQLUsage usage;
    private final AtomicLong requestIds = new AtomicLong();
    private volatile RateLimitType rateLimitType = RateLimitType.RATE_LIMITED;

    GitHubGraphQLEndpoint(GitHubGraphQL graphQL, GraphQLQuotas quotas, GraphQLFaults faults, GraphQLUsage usage) {
        this.graphQL = graphQL;
        this.quotas = quotas;
        this.faults = faults;
        this.usage = usage;
    }

    void rateLimitType(RateLimitType type) {
        rateLimitType = type;
    }

    /** GitHub's 401 for a request without a token (GraphQL needs one) or with a bad one. */
    void unauthorized(Call call, boolean missing) throws IOException {
        usage.received();
        String body = missing
                ? "{\"message\":\"This endpoint requires you to be authenticated.\",\"documentation_url\":"
                        + "\"https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql\"}"
                : "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/graphql\"}";
        call.send(401, JSON, body, headers(requestId()));
    }

    /** Answers one query of an authenticated caller, charged to {@code bucket}; {@code userId} is named in the rate-limit message. */
    void answer(Call call, String bucket, int userId) throws IOException {
        usage.received();
        String requestId = requestId();
        Map<String, String> headers = headers(requestId);
        Map<String, Object> request;
        try {
            request = Shapes.MAPPER.readValue(call.body(), new TypeReference<Map<String, Object>>() { });
        } catch (IOException | RuntimeException e) {
            headers.putAll(quotas.peek(bucket).headers());
            call.send(400, JSON, "{\"message\":\"Problems parsing JSON\",\"documentation_url\":"
                    + "\"https://docs.github.com/graphql\"}", headers);
            return;
        }
        if (!(request.get("query") instanceof String query)) {
            headers.putAll(quotas.peek(bucket).headers());
            send(call, 200, errors(List.of(error(null, "A query attribute must be specified and must be a string.", null, null))), headers);
            return;
        }
        String operationName = (String) request.get("operationName");
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = request.get("variables") instanceof Map<?, ?> v ? (Map<String, Object>) v : Map.of();

        ParseAndValidateResult parsed = ParseAndValidate.parseAndValidate(graphQL.schema(),
                ExecutionInput.newExecutionInput().query(query).operationName(operationName).variables(variables).build());
        if (parsed.isFailure()) {
            headers.putAll(quotas.peek(bucket).headers());
            send(call, 200, errors(parsed.getErrors().stream().map(GitHubGraphQLEndpoint::error).toList()), headers);
            return;
        }
        GraphQLCost.Analysis cost = GraphQLCost.of(parsed.getDocument(), operationName, variables);
        if (!cost.violations().isEmpty() || cost.nodeCount() > GraphQLCost.NODE_LIMIT) {
            List<Map<String, Object>> refused = new ArrayList<>();
            cost.violations().forEach(v -> refused.add(error(v.type(), v.message(), v.path(), v.location())));
            if (refused.isEmpty()) {
                refused.add(error("MAX_NODE_LIMIT_EXCEEDED", GraphQLCost.nodeLimitMessage(cost.nodeCount()), null, null));
            }
            headers.putAll(quotas.peek(bucket).headers());
            send(call, 200, errors(refused), headers);
            return;
        }
        int charged = cost.dryRun() ? 0 : cost.cost();
        if (!quotas.charge(bucket, charged)) {
            headers.putAll(quotas.peek(bucket).headers());
            send(call, 200, rateLimited(userId), headers);
            return;
        }
        usage.charged(charged);
        GraphQLQuotas.Snapshot quota = quotas.peek(bucket);
        headers.putAll(quota.headers());

        Map<String, Object> context = new LinkedHashMap<>();
        context.put(GitHubGraphQL.RATE_LIMIT, rateLimit(quota, cost));
        ExecutionResult result = graphQL.execute(query, operationName, variables, context);
        @SuppressWarnings("unchecked")
        Set<Long> resolved = (Set<Long>) context.get(GitHubGraphQL.RESOLVED);
        resolved.forEach(id -> usage.resolved(id, charged));

        int injected = injectedFailure(result);
        if (injected > 0) {
            call.send(injected, injected >= 502 ? "text/html" : JSON, injected >= 502 ? GATEWAY_502 : "{\"message\":\"Server Error\"}", headers);
        } else if (faults.overThreshold(cost.nodeCount())) {
            call.send(502, "text/html", GATEWAY_502, headers);
        } else {
            int timeout = faults.takeTimeout();
            if (timeout > 0) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("data", null);
                body.put("errors", List.of(error(null, String.format(TIMEOUT, requestId), null, null)));
                send(call, timeout, body, headers);
            } else {
                send(call, 200, body(result), headers);
            }
        }
    }

    /** The rateLimit object: this query's cost and nodeCount, the quota after its charge. */
    private static Map<String, Object> rateLimit(GraphQLQuotas.Snapshot quota, GraphQLCost.Analysis cost) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cost", cost.cost());
        m.put("limit", quota.limit());
        m.put("nodeCount", cost.nodeCount());
        m.put("remaining", quota.remaining());
        m.put("resetAt", quota.resetAt().toString());
        m.put("used", quota.used());
        return m;
    }

    /** GitHub's rate-limit body, in the spelling chosen: no {@code data}, one error. */
    private Map<String, Object> rateLimited(int userId) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", rateLimitType.name());
        if (rateLimitType == RateLimitType.RATE_LIMIT) {
            e.put("code", "graphql_rate_limit");
            e.put("message", "API rate limit already exceeded for user ID " + userId + ".");
        } else {
            e.put("message", "API rate limit exceeded for user ID " + userId + ".");
        }
        return errors(List.of(e));
    }

    private static int injectedFailure(ExecutionResult result) {
        return result.getErrors().stream()
                .filter(e -> e instanceof ExceptionWhileDataFetching f && f.getException() instanceof GitHubGraphQL.InjectedFailure)
                .mapToInt(e -> ((GitHubGraphQL.InjectedFailure) ((ExceptionWhileDataFetching) e).getException()).status)
                .findFirst().orElse(0);
    }

    /** {@code data} then {@code errors} (when any), as GitHub orders them. */
    private static Map<String, Object> body(ExecutionResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", result.getData());
        if (!result.getErrors().isEmpty()) {
            body.put("errors", result.getErrors().stream().map(GitHubGraphQLEndpoint::error).toList());
        }
        return body;
    }

    private static Map<String, Object> errors(List<Map<String, Object>> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errors", errors);
        return body;
    }

    /** A graphql-java error in GitHub's shape: its {@code type} extension moves to the top, as GitHub's is. */
    private static Map<String, Object> error(GraphQLError e) {
        Object type = e.getExtensions() == null ? null : e.getExtensions().get("type");
        List<String> path = e.getPath() == null ? null : e.getPath().stream().map(Object::toString).toList();
        SourceLocation at = e.getLocations() == null || e.getLocations().isEmpty() ? null : e.getLocations().get(0);
        return error((String) type, e.getMessage(), path, at);
    }

    private static Map<String, Object> error(String type, String message, List<String> path, SourceLocation at) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (type != null) {
            m.put("type", type);
        }
        if (path != null) {
            m.put("path", path);
        }
        if (at != null) {
            m.put("locations", List.of(Map.of("line", at.getLine(), "column", at.getColumn())));
        }
        m.put("message", message);
        return m;
    }

    private static void send(Call call, int status, Map<String, Object> body, Map<String, String> headers) throws IOException {
        call.send(status, JSON, Shapes.MAPPER.writeValueAsString(body), headers);
    }

    private Map<String, String> headers(String requestId) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-GitHub-Media-Type", "github.v4; format=json");
        h.put("X-GitHub-Request-Id", requestId);
        return h;
    }

    /** An id in the form of GitHub's request ids ({@code A39E:65C2:1A9544:24A927:612669EE}). */
    private String requestId() {
        long n = requestIds.incrementAndGet();
        return String.format(Locale.ROOT, "%04X:%04X:%06X:%06X:%08X", 0xA000 + n % 0x1000, n % 0x10000,
                n * 7919 % 0xFFFFFF, n * 104729 % 0xFFFFFF, Instant.now().getEpochSecond());
    }
}
