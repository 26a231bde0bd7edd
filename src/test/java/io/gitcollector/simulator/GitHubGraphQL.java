package io.gitcollector.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLContext;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.language.StringValue;
import graphql.schema.Coercing;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.TypeResolver;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;

/**
 * The GitHub simulator's GraphQL schema ({@code simulator/github-schema.graphqls}, a subset of GitHub's) wired to
 * its repositories. Supported: {@code repository(owner:, name:, followRenames:)} with {@code pullRequests(first,
 * last, after, before, states, baseRefName, headRefName, orderBy: {field: CREATED_AT|UPDATED_AT|COMMENTS,
 * direction})}, {@code pullRequest(number:)} and {@code defaultBranchRef{target{... on Commit{history(first, last,
 * after, before, since, until)}}}}; a pull request's {@code reviews(first, last, after, before, states, author)},
 * each review's {@code comments(…)} (review comments) and the pull request's {@code comments(…)} (issue comments);
 * {@code node(id:)} and {@code nodes(ids:)} for pull requests, reviews, review comments, issue comments, commits
 * and repositories; {@code rateLimit}. Every connection has {@code nodes}, {@code edges{cursor node}},
 * {@code pageInfo{startCursor endCursor hasNextPage hasPreviousPage}} and {@code totalCount}.
 */
final class GitHubGraphQL {

    /** The repositories a query can reach. */
    interface Repositories {
        /** The repository served at owner/name (a renamed repository's old name too), or null. */
        SimulatedRepository named(String owner, String name);

        Collection<SimulatedRepository> all();
    }

    /** An answer a repository's {@link Faults} forced while the query ran; the endpoint sends it instead. */
    static final class InjectedFailure extends RuntimeException {
        final int status;

        InjectedFailure(int status) {
            super("injected " + status, null, false, false);
            this.status = status;
        }
    }

    /** Context keys: the rateLimit object to serve, and the ids of the repositories the query resolved. */
    static final String RATE_LIMIT = "rateLimit";
    static final String RESOLVED = "resolvedRepositories";

    private final GraphQLSchema schema;
    private final GraphQL graphQL;
    private final Repositories repositories;

    GitHubGraphQL(Repositories repositories) {
        this.repositories = repositories;
        this.schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(sdl()), wiring());
        this.graphQL = GraphQL.newGraphQL(schema).build();
    }

    GraphQLSchema schema() {
        return schema;
    }

    /** Runs a query already parsed, validated and charged; {@code context} carries {@link #RATE_LIMIT}, and gets {@link #RESOLVED}. */
    ExecutionResult execute(String query, String operationName, Map<String, Object> variables, Map<String, Object> context) {
        context.put(RESOLVED, ConcurrentHashMap.newKeySet());
        return graphQL.execute(ExecutionInput.newExecutionInput().query(query).operationName(operationName)
                .variables(variables == null ? Map.of() : variables).graphQLContext(context).build());
    }

    private static String sdl() {
        try (InputStream in = GitHubGraphQL.class.getResourceAsStream("/simulator/github-schema.graphqls")) {
            return new String(Objects.requireNonNull(in, "github-schema.graphqls").readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private RuntimeWiring wiring() {
        TypeResolver byType = env -> env.getSchema().getObjectType((String) ((Map<?, ?>) env.getObject()).get(GraphQLObjects.TYPE));
        RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring();
        for (String name : List.of("DateTime", "GitTimestamp", "URI", "GitObjectID", "BigInt")) {
            wiring.scalar(textScalar(name));
        }
        for (String name : List.of("Node", "Actor", "RepositoryOwner", "GitObject")) {
            wiring.type(name, t -> t.typeResolver(byType));
        }
        return wiring
                .type("Query", t -> t
                        .dataFetcher("repository", this::repository)
                        .dataFetcher("node", env -> node(env, env.getArgument("id")))
                        .dataFetcher("nodes", env -> ((List<String>) env.getArgument("ids")).stream().map(id -> node(env, id).getData()).toList())
                        .dataFetcher("rateLimit", env -> env.getGraphQlContext().get(RATE_LIMIT)))
                .type("Repository", t -> t
                        .dataFetcher("pullRequests", this::pullRequests)
                        .dataFetcher("pullRequest", env -> {
                            SimulatedRepository r = repositoryOf(env);
                            int number = env.getArgument("number");
                            return r.hasPull(number) ? GraphQLObjects.pullRequest(r, r.pull(number)) : notFound(env,
                                    "Could not resolve to a PullRequest with the number of " + number + ".");
                        }))
                .type("Commit", t -> t.dataFetcher("history", this::history).dataFetcher("parents", this::parents))
                .type("PullRequest", t -> t
                        .dataFetcher("reviews", this::reviews)
                        .dataFetcher("comments", this::issueComments)
                        .dataFetcher("repository", env -> GraphQLObjects.repository(repositoryOf(env))))
                .type("PullRequestReview", t -> t
                        .dataFetcher("comments", this::reviewComments)
                        .dataFetcher("pullRequest", this::pullRequestOf))
                .type("PullRequestReviewComment", t -> t
                        .dataFetcher("pullRequest", this::pullRequestOf)
                        .dataFetcher("pullRequestReview", env -> {
                            SimulatedRepository r = repositoryOf(env);
                            int number = (Integer) source(env).get(GraphQLObjects.NUMBER);
                            long reviewId = (Long) source(env).get("_reviewId");
                            return r.reviews(number).stream().filter(v -> v.get("id").asLong() == reviewId).findFirst()
                                    .map(v -> GraphQLObjects.review(r, number, v)).orElse(null);
                        }))
                .build();
    }

    // ---- roots ----

    private Object repository(DataFetchingEnvironment env) {
        String owner = env.getArgument("owner");
        String name = env.getArgument("name");
        SimulatedRepository r = repositories.named(owner, name);
        boolean followRenames = !Boolean.FALSE.equals(env.getArgument("followRenames"));
        if (r != null && r.renamedTo != null && !followRenames && !r.renamedTo.equalsIgnoreCase(owner + "/" + name)) {
            r = null;
        }
        if (r == null) {
            return notFound(env, "Could not resolve to a Repository with the name '" + owner + "/" + name + "'.");
        }
        resolved(env, r);
        r.faults().awaitGate();
        int failure = r.faults().takeFailure();
        if (failure > 0) {
            throw new InjectedFailure(failure);
        }
        return GraphQLObjects.repository(r);
    }

    /** {@code node(id:)}: a node this simulator gave out, in either id format; NOT_FOUND with data null otherwise. */
    private DataFetcherResult<Object> node(DataFetchingEnvironment env, String id) {
        Optional<Map<String, Object>> found = GraphQLNodeIds.decode(id).flatMap(this::resolve);
        found.ifPresent(m -> resolved(env, (SimulatedRepository) m.get(GraphQLObjects.REPOSITORY)));
        return found.<DataFetcherResult<Object>>map(m -> DataFetcherResult.newResult().data(m).build())
                .orElseGet(() -> notFound(env, "Could not resolve to a node with the global id of '" + id + "'"));
    }

    private Optional<Map<String, Object>> resolve(GraphQLNodeIds.Decoded id) {
        List<SimulatedRepository> candidates = repositories.all().stream()
                .filter(r -> id.repositoryId() < 0 || r.repoId() == id.repositoryId()).toList();
        for (SimulatedRepository r : candidates) {
            Map<String, Object> found = switch (id.type()) {
                case "Repository" -> id.databaseId() == r.repoId() ? GraphQLObjects.repository(r) : null;
                case "PullRequest" -> {
                    int number = r.pullNumberOf(id.databaseId());
                    yield number > 0 ? GraphQLObjects.pullRequest(r, r.pull(number)) : null;
                }
                case "PullRequestReview" -> r.pulls().stream().flatMap(p -> r.reviews(p.get("number").asInt()).stream()
                                .filter(v -> v.get("id").asLong() == id.databaseId())
                                .map(v -> GraphQLObjects.review(r, p.get("number").asInt(), v)))
                        .findFirst().orElse(null);
                case "PullRequestReviewComment" -> r.reviewComments().stream().filter(c -> c.get("id").asLong() == id.databaseId())
                        .map(c -> GraphQLObjects.reviewComment(r, numberFromUrl(c.get("pull_request_url").asText()), c))
                        .findFirst().orElse(null);
                case "IssueComment" -> r.issueComments().stream().filter(c -> c.get("id").asLong() == id.databaseId())
                        .map(c -> GraphQLObjects.issueComment(r, c)).findFirst().orElse(null);
                case "Commit" -> {
                    List<ObjectNode> commits = r.commits();
                    int index = indexOf(commits, c -> c.get("sha").asText().equals(id.oid()));
                    yield index < 0 ? null : GraphQLObjects.commit(r, commits.get(index), index);
                }
                default -> null;
            };
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    // ---- connections ----

    private Object pullRequests(DataFetchingEnvironment env) {
        SimulatedRepository r = repositoryOf(env);
        List<String> states = env.getArgument("states");
        String base = env.getArgument("baseRefName");
        String head = env.getArgument("headRefName");
        Map<String, Object> orderBy = env.getArgument("orderBy");
        String field = orderBy == null ? null : (String) orderBy.get("field");
        boolean descending = orderBy != null && "DESC".equals(orderBy.get("direction"));
        Map<Integer, Integer> comments = new LinkedHashMap<>();
        // Filtered and ordered on the REST objects, with the values their GraphQL form has: only the page served is
        // turned into GraphQL objects (a repository of 20,000 pull requests is read a page of 100 at a time).
        List<ObjectNode> pulls = r.pulls().stream()
                .filter(p -> states == null || states.isEmpty() || states.contains(GraphQLObjects.pullRequestState(p)))
                .filter(p -> base == null || base.equals(p.get("base").get("ref").asText()))
                .filter(p -> head == null || head.equals(p.get("head").get("ref").asText()))
                .toList();
        if ("COMMENTS".equals(field)) {
            pulls.forEach(p -> comments.put(p.get("number").asInt(), r.issueComments(p.get("number").asInt()).size()));
        }
        // Without orderBy GitHub lists pull requests oldest first, which is database id order.
        Function<ObjectNode, GraphQLCursors.Key> key = p -> new GraphQLCursors.Key(field == null ? null : switch (field) {
            case "CREATED_AT" -> p.get("created_at").asText();
            case "UPDATED_AT" -> p.get("updated_at").asText();
            default -> String.format("%010d", comments.get(p.get("number").asInt()));
        }, p.get("id").asLong());
        return keyset(env, pulls, key, descending, p -> GraphQLObjects.pullRequest(r, p));
    }

    private Object reviews(DataFetchingEnvironment env) {
        SimulatedRepository r = repositoryOf(env);
        int number = (Integer) source(env).get(GraphQLObjects.NUMBER);
        List<String> states = env.getArgument("states");
        String author = env.getArgument("author");
        List<ObjectNode> reviews = r.reviews(number).stream()
                .filter(v -> states == null || states.isEmpty() || states.contains(v.get("state").asText()))
                .filter(v -> author == null || author.equalsIgnoreCase(v.get("user").get("login").asText()))
                .toList();
        return keyset(env, reviews, v -> new GraphQLCursors.Key(null, v.get("id").asLong()), false,
                v -> GraphQLObjects.review(r, number, v));
    }

    private Object reviewComments(DataFetchingEnvironment env) {
        SimulatedRepository r = repositoryOf(env);
        int number = (Integer) source(env).get(GraphQLObjects.NUMBER);
        long reviewId = (Long) source(env).get("databaseId");
        List<ObjectNode> comments = r.reviewComments(number).stream()
                .filter(c -> c.get("pull_request_review_id").asLong() == reviewId).toList();
        return keyset(env, comments, c -> new GraphQLCursors.Key(null, c.get("id").asLong()), false,
                c -> GraphQLObjects.reviewComment(r, number, c));
    }

    private Object issueComments(DataFetchingEnvironment env) {
        SimulatedRepository r = repositoryOf(env);
        int number = (Integer) source(env).get(GraphQLObjects.NUMBER);
        return keyset(env, r.issueComments(number), c -> new GraphQLCursors.Key(null, c.get("id").asLong()), false,
                c -> GraphQLObjects.issueComment(r, c));
    }

    /** The linear history from this commit, newest first: committed at or after {@code since}, at or before {@code until}. */
    /** A commit's parents, in the REST commit's order; cursors are their positions (base64, as GitHub's look). */
    private Object parents(DataFetchingEnvironment env) {
        SimulatedRepository r = repositoryOf(env);
        String sha = (String) source(env).get("oid");
        List<ObjectNode> all = r.commits(); // one shared copy while the repository does not change
        List<Map<String, Object>> parents = new ArrayList<>();
        // The commit's place in the history, when it is still there: a page of 100 commits must not scan 100,000 each.
        Object known = source(env).get(GraphQLObjects.INDEX);
        int from = known instanceof Integer i && i < all.size() && all.get(i).get("sha").asText().equals(sha) ? i : 0;
        for (int i = from; i < all.size(); i++) {
            if (all.get(i).get("sha").asText().equals(sha)) {
                for (var parent : all.get(i).path("parents")) {
                    String parentSha = parent.get("sha").asText();
                    int at = i;
                    for (int j = i + 1; j < all.size(); j++) {
                        if (all.get(j).get("sha").asText().equals(parentSha)) {
                            at = j;
                            break;
                        }
                    }
                    parents.add(at == i ? java.util.Map.of("oid", parentSha) : GraphQLObjects.commit(r, all.get(at), at));
                }
                break;
            }
        }
        return page(env, parents, new Positions<>() {
            @Override
            public String cursor(Map<String, Object> item, int index) {
                return java.util.Base64.getEncoder().encodeToString(String.valueOf(index + 1).getBytes());
            }

            @Override
            public int after(String cursor) {
                return Integer.parseInt(new String(java.util.Base64.getDecoder().decode(cursor)));
            }

            @Override
            public int before(String cursor) {
                return Integer.parseInt(new String(java.util.Base64.getDecoder().decode(cursor))) - 1;
            }
        }, c -> c);
    }

    private Object history(DataFetchingEnvironment env) {
        SimulatedRepository r = repositoryOf(env);
        int start = (Integer) source(env).get(GraphQLObjects.INDEX);
        Instant since = instant(env.getArgument("since"));
        Instant until = instant(env.getArgument("until"));
        List<ObjectNode> all = r.commits();
        // Positions in the repository's history; only the page served is turned into GraphQL objects.
        List<Integer> history = new ArrayList<>();
        for (int i = start; i < all.size(); i++) {
            if (since == null && until == null) {
                history.add(i);
                continue;
            }
            Instant committed = Instant.parse(all.get(i).get("commit").get("committer").get("date").asText());
            if ((since == null || !committed.isBefore(since)) && (until == null || !committed.isAfter(until))) {
                history.add(i);
            }
        }
        String firstOid = (String) source(env).get("oid");
        return page(env, history, new Positions<Integer>() {
            @Override
            public String cursor(Integer item, int index) {
                return GraphQLCursors.history(firstOid, index);
            }

            @Override
            public int after(String cursor) {
                return GraphQLCursors.historyOffset(cursor) + 1;
            }

            @Override
            public int before(String cursor) {
                return GraphQLCursors.historyOffset(cursor);
            }
        }, i -> GraphQLObjects.commit(r, all.get(i), i));
    }

    /** Where a cursor falls in a connection's ordered items. */
    private interface Positions<T> {
        String cursor(T item, int index);

        /** The index of the first item after the cursor. */
        int after(String cursor);

        /** The index of the first item at or after the cursor: items before it come before the cursor. */
        int before(String cursor);
    }

    private static <T> Object keyset(DataFetchingEnvironment env, List<T> items, Function<T, GraphQLCursors.Key> key,
            boolean descending, Function<T, Map<String, Object>> node) {
        Comparator<GraphQLCursors.Key> order = Comparator.comparing(GraphQLCursors.Key::sort, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingLong(GraphQLCursors.Key::id);
        Comparator<GraphQLCursors.Key> direction = descending ? order.reversed() : order;
        // Each item's key taken once, not at every comparison of the sort and every step of a cursor's search.
        List<Map.Entry<T, GraphQLCursors.Key>> keyed = items.stream().map(t -> Map.entry(t, key.apply(t)))
                .sorted(Map.Entry.comparingByValue(direction)).toList();
        List<T> sorted = keyed.stream().map(Map.Entry::getKey).toList();
        List<GraphQLCursors.Key> keys = keyed.stream().map(Map.Entry::getValue).toList();
        return page(env, sorted, new Positions<>() {
            @Override
            public String cursor(T item, int index) {
                return GraphQLCursors.keyset(keys.get(index));
            }

            @Override
            public int after(String cursor) {
                GraphQLCursors.Key k = GraphQLCursors.keyset(cursor);
                int i = indexOf(keys, t -> direction.compare(t, k) > 0);
                return i < 0 ? sorted.size() : i;
            }

            @Override
            public int before(String cursor) {
                GraphQLCursors.Key k = GraphQLCursors.keyset(cursor);
                int i = indexOf(keys, t -> direction.compare(t, k) >= 0);
                return i < 0 ? sorted.size() : i;
            }
        }, node);
    }

    /**
     * One page of a connection: {@code first} items after {@code after}, or the {@code last} before {@code before};
     * hasNextPage / hasPreviousPage say whether items remain past either end. totalCount counts every item.
     */
    private static <T> Object page(DataFetchingEnvironment env, List<T> items, Positions<T> positions,
            Function<T, Map<String, Object>> node) {
        Integer first = env.getArgument("first");
        Integer last = env.getArgument("last");
        String after = env.getArgument("after");
        String before = env.getArgument("before");
        int from;
        int to;
        try {
            from = after == null ? 0 : positions.after(after);
            to = before == null ? items.size() : Math.max(from, positions.before(before));
        } catch (GraphQLCursors.InvalidCursor e) {
            return DataFetcherResult.newResult().error(GraphqlErrorBuilder.newError(env).message(e.getMessage())
                    .extensions(Map.of("type", "INVALID_CURSOR_ARGUMENTS")).build()).build();
        }
        int start = from;
        int end = to;
        if (first != null) {
            end = Math.min(to, from + Math.max(0, first));
        } else if (last != null) {
            start = Math.max(from, to - Math.max(0, last));
        }
        List<Map<String, Object>> nodes = new ArrayList<>();
        List<Map<String, Object>> edges = new ArrayList<>();
        for (int i = start; i < end; i++) {
            Map<String, Object> n = node.apply(items.get(i));
            nodes.add(n);
            Map<String, Object> edge = new LinkedHashMap<>();
            edge.put("cursor", positions.cursor(items.get(i), i));
            edge.put("node", n);
            edges.add(edge);
        }
        Map<String, Object> pageInfo = new LinkedHashMap<>();
        pageInfo.put("startCursor", edges.isEmpty() ? null : edges.get(0).get("cursor"));
        pageInfo.put("endCursor", edges.isEmpty() ? null : edges.get(edges.size() - 1).get("cursor"));
        pageInfo.put("hasNextPage", end < items.size());
        pageInfo.put("hasPreviousPage", start > 0);
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("nodes", nodes);
        connection.put("edges", edges);
        connection.put("pageInfo", pageInfo);
        connection.put("totalCount", items.size());
        return connection;
    }

    // ---- helpers ----

    private Object pullRequestOf(DataFetchingEnvironment env) {
        SimulatedRepository r = repositoryOf(env);
        return GraphQLObjects.pullRequest(r, r.pull((Integer) source(env).get(GraphQLObjects.NUMBER)));
    }

    private static Map<String, Object> source(DataFetchingEnvironment env) {
        return env.getSource();
    }

    private static SimulatedRepository repositoryOf(DataFetchingEnvironment env) {
        return (SimulatedRepository) source(env).get(GraphQLObjects.REPOSITORY);
    }

    private static void resolved(DataFetchingEnvironment env, SimulatedRepository r) {
        GraphQLContext context = env.getGraphQlContext();
        Set<Long> ids = context.get(RESOLVED);
        ids.add(r.repoId());
    }

    /** GitHub's NOT_FOUND: the field is null and the error says what could not be resolved. */
    private static DataFetcherResult<Object> notFound(DataFetchingEnvironment env, String message) {
        return DataFetcherResult.newResult().data(null).error(GraphqlErrorBuilder.newError(env).message(message)
                .extensions(Map.of("type", "NOT_FOUND")).build()).build();
    }

    private static <T> int indexOf(List<T> items, Predicate<T> test) {
        for (int i = 0; i < items.size(); i++) {
            if (test.test(items.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int numberFromUrl(String pullUrl) {
        return Integer.parseInt(pullUrl.substring(pullUrl.lastIndexOf('/') + 1));
    }

    private static Instant instant(Object value) {
        return value == null ? null : java.time.OffsetDateTime.parse(value.toString()).toInstant();
    }

    /** GitHub's string scalars (DateTime, URI, GitObjectID, BigInt…): served as their text, read from strings. */
    private static GraphQLScalarType textScalar(String name) {
        return GraphQLScalarType.newScalar().name(name).coercing(new Coercing<Object, String>() {
            @Override
            public String serialize(Object value) {
                return value.toString();
            }

            @Override
            public Object parseValue(Object input) {
                return input.toString();
            }

            @Override
            public Object parseLiteral(Object input) {
                if (input instanceof StringValue s) {
                    return s.getValue();
                }
                throw new graphql.schema.CoercingParseLiteralException("Expected a string for " + name);
            }
        }).build();
    }
}
