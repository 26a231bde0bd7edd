package io.gitcollector.simulator;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stateful GitHub REST v3 simulator on loopback. It behaves as the real API does where the
 * collector depends on it: {@code per_page} (default 30, max 100) and {@code page}; Link headers
 * with next/last/first/prev pointing at {@code /repositories/{id}/…} as GitHub's do; {@code since}
 * on commits (committer date); {@code state}, {@code sort}, {@code direction} on pulls with
 * GitHub's defaults; rate-limit headers; ETag / If-None-Match with 304; GitHub's 401/404 bodies.
 * Also: issues (pull requests included, as GitHub lists them), issue and review comments, contributors,
 * teams and team members, branch protection and workflow runs, each with its documented parameters
 * (see {@link #routeRepository}). Faults, per repository: a number of error answers to come, answers
 * echoing the request's headers (a misconfigured proxy), and a gate that holds requests. Tokens and quotas as GitHub has them: several valid tokens, each with its own
 * primary rate limit (403 with the primary-rate-limit body once it is spent, until its reset), revoked
 * tokens (401 Bad credentials), and secondary limits to come (403 or 429 with Retry-After). GitHub Apps
 * ({@link #apps()}): JWT-signed requests for installations and installation tokens, which are then valid until
 * they expire.
 *
 * <p>The same repositories are served by GitHub's GraphQL API at {@code POST} {@link #graphQLUrl()}: pull requests
 * with their reviews, review comments and issue comments nested, commit history with line counts, {@code node(id:)}
 * and {@code rateLimit} (see {@link GitHubGraphQL} for the query surface, {@link GitHubGraphQLEndpoint} for the
 * answers). GraphQL has its own points quota per token ({@link #setGraphQLQuota}), faults ({@link #graphQLFaults()})
 * and counters ({@link #graphQLUsage()}); secondary limits and the repositories' {@link Faults} apply to it too.
 */
public final class GitHubSimulator extends SimulatorServer {

    private static final Pattern REPO_PATH = Pattern.compile("^/repos/([^/]+)/([^/]+)(/.*)?$");
    private static final Pattern REPO_ID_PATH = Pattern.compile("^/repositories/(\\d+)(/.*)?$");
    private static final Pattern REVIEWS = Pattern.compile("^/pulls/(\\d+)/reviews$");
    private static final Pattern ISSUE_COMMENTS = Pattern.compile("^/issues/(\\d+)/comments$");
    private static final Pattern REVIEW_COMMENTS = Pattern.compile("^/pulls/(\\d+)/comments$");
    private static final Pattern PROTECTION = Pattern.compile("^/branches/(.+)/protection$");
    private static final Pattern ORG_REPOS = Pattern.compile("^/orgs/([^/]+)/repos$");
    private static final Pattern ORG_TEAM_MEMBERS = Pattern.compile("^/orgs/([^/]+)/teams/([^/]+)/members$");
    private static final Pattern ORG_ID_TEAM_MEMBERS = Pattern.compile("^/organizations/(\\d+)/team/(\\d+)/members$");
    private static final Set<String> ISSUE_SORTS = Set.of("created", "updated", "comments");
    private static final DateTimeFormatter MESSAGE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final String JSON = "application/json; charset=utf-8";

    static final Shapes SHAPES = new Shapes("github");

    private final String apiBase;
    private final String webBase;
    private final Map<String, SimulatedRepository> repositories = new ConcurrentHashMap<>();
    private final GitHubApps apps;
    private final GitHubTokens tokens;
    /** Whether the request this thread answers has been charged to its quota (a 304 gives the charge back). */
    private final ThreadLocal<Boolean> charged = ThreadLocal.withInitial(() -> false);
    private final AtomicInteger secondaryToCome = new AtomicInteger();
    private volatile int secondaryRetryAfter;
    private volatile int secondaryStatus = 403;
    private final GraphQLQuotas graphQLQuotas = new GraphQLQuotas();
    private final GraphQLFaults graphQLFaults = new GraphQLFaults();
    private final GraphQLUsage graphQLUsage = new GraphQLUsage();
    private final GitHubGraphQLEndpoint graphQL;

    private GitHubSimulator(int port) throws IOException {
        super(port);
        apiBase = baseUrl();
        webBase = baseUrl();
        apps = new GitHubApps(apiBase);
        tokens = new GitHubTokens(apps);
        graphQL = new GitHubGraphQLEndpoint(new GitHubGraphQL(new GitHubGraphQL.Repositories() {
            @Override
            public SimulatedRepository named(String owner, String name) {
                return repositories.get(key(owner, name));
            }

            @Override
            public java.util.Collection<SimulatedRepository> all() {
                return Set.copyOf(repositories.values());
            }
        }), graphQLQuotas, graphQLFaults, graphQLUsage);
    }

    public static GitHubSimulator start(int port) throws IOException {
        return new GitHubSimulator(port);
    }

    /** The base URL to give the collector as GITHUB_API_URL. */
    public String apiUrl() {
        return apiBase;
    }

    /** A new repository, addressed as {@code <apiUrl>/<owner>/<name>} (the API host is also a web host). */
    public SimulatedRepository createRepository(String owner, String name) {
        SimulatedRepository repository = new SimulatedRepository(owner, name, apiBase, webBase,
                Instant.parse("2024-01-01T00:00:00Z"));
        repositories.put(key(owner, name), repository);
        return repository;
    }

    /** Renames a repository: its new name serves it, its old one answers 301 Moved Permanently. */
    public void rename(SimulatedRepository repository, String newOwner, String newName) {
        repository.renameTo(newOwner, newName);
        repositories.put(key(newOwner, newName), repository);
    }

    /** Forgets a repository under every name it had: a benchmark frees one size's data before it seeds the next. */
    public void removeRepository(SimulatedRepository repository) {
        repositories.values().removeIf(r -> r == repository);
    }

    /**
     * Requests for one repository: its paths, and its teams' members' ("unchanged-team-1"), hold its name; the pages
     * after the first (Link headers) address it by id.
     */
    public long requestsFor(SimulatedRepository repository) {
        return requestsTo(repository.name) + requestsTo("/repositories/" + repository.id + "/");
    }

    /** The 304 answers among {@link #requestsFor}: GitHub charges no quota for them. */
    public long notModifiedFor(SimulatedRepository repository) {
        return notModifiedTo(repository.name) + notModifiedTo("/repositories/" + repository.id + "/");
    }

    public boolean hasRepository(String owner, String name) {
        return repositories.containsKey(key(owner, name));
    }

    /** GitHub Apps: register one and install it, then its JWTs get installation tokens (see {@link GitHubApps}). */
    public GitHubApps apps() {
        return apps;
    }

    /** Requests must carry this bearer token (null: any or none); the same as {@code acceptTokens(token)}. */
    public void requireToken(String token) {
        acceptTokens(token == null ? new String[0] : new String[] {token});
    }

    /**
     * Requests must carry one of these tokens, as {@code Authorization: Bearer <t>} or {@code token <t>}
     * (none given: any token, or none). Naming a revoked token makes it valid again.
     */
    public void acceptTokens(String... tokens) {
        this.tokens.accept(tokens);
    }

    /**
     * Sets a token's primary rate limit (null: the unauthenticated quota): {@code remaining} of {@code limit}
     * requests left until {@code resetIn} from now, then a full quota for another hour. Tokens start with
     * 5000 a window of an hour.
     */
    public void setQuota(String token, int limit, int remaining, Duration resetIn) {
        tokens.setQuota(token, limit, remaining, resetIn);
    }

    /** The X-RateLimit-Remaining this token's next answer starts from (null: the unauthenticated quota). */
    public int rateLimitRemaining(String token) {
        return tokens.peek(token == null ? GitHubTokens.UNAUTHENTICATED : token).remaining();
    }

    /** Requests that carried this token while its quota was spent (each answered 403, or hit a fault first). */
    public long requestsWhileExhausted(String token) {
        return tokens.requestsWhileExhausted(token);
    }

    /** From now on this token gets GitHub's 401 Bad credentials. */
    public void revokeToken(String token) {
        tokens.revoke(token);
    }

    /** Requests that carried this token, whatever their answer (faults included). */
    public long requestsWithToken(String token) {
        return tokens.requestsWithToken(token);
    }

    /**
     * The next {@code count} authenticated requests hit a secondary rate limit: {@code status} (403 or 429) with
     * GitHub's secondary-rate-limit body and {@code Retry-After: retryAfterSeconds}; they cost no primary quota.
     */
    public void secondaryLimitNext(int count, int retryAfterSeconds, int status) {
        if (status != 403 && status != 429) {
            throw new IllegalArgumentException("GitHub answers a secondary rate limit with 403 or 429, not " + status);
        }
        secondaryRetryAfter = retryAfterSeconds;
        secondaryStatus = status;
        secondaryToCome.set(count);
    }

    /** GitHub's GraphQL endpoint: {@code <apiUrl>/graphql}, as on github.com (GHES serves it at {@code /api/graphql}). */
    public String graphQLUrl() {
        return apiBase + "/graphql";
    }

    /**
     * Sets a token's GraphQL points quota (null: the quota of requests without a token, when any token is
     * accepted), apart from its REST quota: {@code remaining} of {@code limit} points until {@code resetIn}.
     * Tokens start with 5000 points an hour.
     */
    public void setGraphQLQuota(String token, int limit, int remaining, Duration resetIn) {
        graphQLQuotas.set(token == null ? GitHubTokens.UNAUTHENTICATED : token, limit, remaining, resetIn);
    }

    /** The GraphQL points this token has left (null: requests without a token). */
    public int graphQLRemaining(String token) {
        return graphQLQuotas.peek(token == null ? GitHubTokens.UNAUTHENTICATED : token).remaining();
    }

    /**
     * The error type of a GraphQL rate-limit answer: {@code RATE_LIMITED} (default, what octokit checks) or
     * {@code RATE_LIMIT} with {@code "code":"graphql_rate_limit"} (what GitHub was recorded sending in 2026).
     */
    public void graphQLRateLimitType(String type) {
        graphQL.rateLimitType(GitHubGraphQLEndpoint.RateLimitType.valueOf(type));
    }

    /** Faults of the GraphQL endpoint (node threshold for 502s, timeouts to come). */
    public GraphQLFaults graphQLFaults() {
        return graphQLFaults;
    }

    /** GraphQL requests and points, per repository and in total. */
    public GraphQLUsage graphQLUsage() {
        return graphQLUsage;
    }

    @Override
    public void close() {
        repositories.values().forEach(r -> r.faults().release());
        super.close();
    }

    /** Answers without a request (none today): the unauthenticated quota's headers. */
    @Override
    protected Map<String, String> commonHeaders(boolean counted) {
        return headers(tokens.peek(GitHubTokens.UNAUTHENTICATED));
    }

    /**
     * The rate-limit headers of the quota this request counts against. Requests are charged when admitted
     * (so concurrent requests never overspend a quota); an answer that turns out free (a 304) gives it back.
     */
    @Override
    protected Map<String, String> commonHeaders(Call call, boolean counted) {
        String bucket = tokens.bucket(token(call));
        if (!counted && charged.get()) {
            tokens.refund(bucket);
            charged.set(false);
        }
        return headers(tokens.peek(bucket));
    }

    private static Map<String, String> headers(GitHubTokens.Snapshot quota) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-GitHub-Media-Type", "github.v3; format=json");
        h.putAll(quota.headers());
        return h;
    }

    @Override
    protected void received(Call call) {
        tokens.received(token(call));
        apps.received(token(call));
    }

    /** The token of {@code Authorization: Bearer <t>} or {@code token <t>}; any other credential as sent; null when none. */
    private static String token(Call call) {
        String auth = call.header("Authorization");
        if (auth == null) {
            return null;
        }
        for (String scheme : new String[] {"Bearer ", "token "}) {
            if (auth.startsWith(scheme)) {
                return auth.substring(scheme.length());
            }
        }
        return auth;
    }

    @Override
    protected void route(Call call) throws IOException {
        charged.set(false);
        try {
            routeAdmitted(call);
        } finally {
            charged.set(false);
        }
    }

    /** Method, credentials, secondary then primary rate limit; an admitted request is charged, then routed. */
    private void routeAdmitted(Call call) throws IOException {
        String token = token(call);
        if ("POST".equals(call.method()) && "/graphql".equals(call.path())) {
            routeGraphQL(call, token);
            return;
        }
        if (apps.handles(call)) {
            apps.answer(call, token); // as the app, with its JWT: no installation's quota is charged
            return;
        }
        if (!"GET".equals(call.method())) {
            tokens.charge(tokens.bucket(token));
            error(call, 404, "404_not_found");
            return;
        }
        switch (tokens.check(token)) {
            case MISSING -> {
                tokens.charge(GitHubTokens.UNAUTHENTICATED); // GitHub counts it against the caller's address
                call.send(401, JSON, "{\"message\":\"Requires authentication\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"401\"}", Map.of());
                return;
            }
            case BAD -> {
                tokens.charge(GitHubTokens.UNAUTHENTICATED);
                error(call, 401, "401_bad_credentials");
                return;
            }
            default -> { }
        }
        if (secondaryToCome.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            call.send(secondaryStatus, JSON, SHAPES.keyed("errors", "403_secondary_rate_limit").toString(),
                    Map.of("Retry-After", Integer.toString(secondaryRetryAfter)));
            return;
        }
        String bucket = tokens.bucket(token);
        GitHubTokens.Snapshot spent = tokens.admit(bucket);
        if (spent != null) {
            primaryRateLimited(call, bucket, spent);
            return;
        }
        charged.set(true);
        routePath(call);
    }

    /** A GraphQL query: credentials, then secondary limits (shared with REST), then the endpoint's own limits. */
    private void routeGraphQL(Call call, String token) throws IOException {
        GitHubTokens.Check check = tokens.check(token);
        if (check != GitHubTokens.Check.VALID) {
            graphQL.unauthorized(call, check == GitHubTokens.Check.MISSING);
            return;
        }
        if (secondaryToCome.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            call.send(secondaryStatus, JSON, SHAPES.keyed("errors", "403_secondary_rate_limit").toString(),
                    Map.of("Retry-After", Integer.toString(secondaryRetryAfter)));
            return;
        }
        String bucket = tokens.bucket(token);
        graphQL.answer(call, bucket, tokens.userId(bucket));
    }

    /**
     * GitHub's answer to a spent primary rate limit: 403, remaining 0 and the reset in the headers, and the
     * message with its user id, request id and UTC timestamp filled in (the request id is also X-GitHub-Request-Id).
     */
    private void primaryRateLimited(Call call, String bucket, GitHubTokens.Snapshot spent) throws IOException {
        long n = requests();
        Instant now = Instant.now();
        String requestId = String.format("%04X:%06X:%06X:%07X:%08X", 0x1C40 + (n % 16), n, n * 7 % 0xFFFFFF,
                n * 13 % 0xFFFFFFF, now.getEpochSecond());
        ObjectNode body = (ObjectNode) SHAPES.keyed("errors", "403_primary_rate_limit");
        body.put("message", body.get("message").asText()
                .replace("{user_id}", Integer.toString(tokens.userId(bucket)))
                .replace("{request_id}", requestId)
                .replace("{timestamp}", MESSAGE_TIME.format(now)));
        Map<String, String> h = new LinkedHashMap<>(spent.headers());
        h.put("X-GitHub-Request-Id", requestId);
        call.send(403, JSON, body.toString(), h);
    }

    private void routePath(Call call) throws IOException {
        String path = call.path();
        if (ORG_TEAM_MEMBERS.matcher(path).matches() || ORG_ID_TEAM_MEMBERS.matcher(path).matches()) {
            teamMembers(call, path);
            return;
        }
        Matcher orgRepos = ORG_REPOS.matcher(path);
        if (orgRepos.matches()) {
            organizationRepositories(call, orgRepos.group(1));
            return;
        }
        SimulatedRepository repository = null;
        String rest = null;
        Matcher byName = REPO_PATH.matcher(path);
        Matcher byId = REPO_ID_PATH.matcher(path);
        if (byName.matches()) {
            repository = repositories.get(key(byName.group(1), byName.group(2)));
            rest = byName.group(3) == null ? "" : byName.group(3);
            if (repository != null && repository.renamedTo != null
                    && !repository.renamedTo.equalsIgnoreCase(byName.group(1) + "/" + byName.group(2))) {
                String moved = apiBase + "/repositories/" + repository.id;
                String location = moved + rest + (call.uri().getRawQuery() == null ? "" : "?" + call.uri().getRawQuery());
                call.send(301, JSON, "{\"message\":\"Moved Permanently\",\"url\":\"" + moved
                        + "\",\"documentation_url\":\"https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects\"}",
                        Map.of("Location", location));
                return;
            }
        } else if (byId.matches()) {
            long id = Long.parseLong(byId.group(1));
            repository = repositories.values().stream().filter(r -> r.id == id).findFirst().orElse(null);
            rest = byId.group(2) == null ? "" : byId.group(2);
        }
        if (repository == null) {
            error(call, 404, "404_not_found");
            return;
        }
        if (failed(call, repository)) {
            return;
        }
        routeRepository(call, repository, rest);
    }

    /**
     * GET /orgs/{org}/repos: the organization's repositories (its owner login, renames followed), paged by
     * per_page/page with Link headers; sort created (default, newest first), updated, pushed or full_name (A to Z
     * by default), direction asc/desc; type all/public/private/forks/sources/member accepted (all are public here).
     * An organization with no repository is unknown: 404, as GitHub answers for a name that is no organization.
     */
    private void organizationRepositories(Call call, String org) throws IOException {
        String sort = call.queryMap().getOrDefault("sort", "created");
        String field = switch (sort) {
            case "updated" -> "updated_at";
            case "pushed" -> "pushed_at";
            case "full_name" -> "full_name";
            default -> "created_at";
        };
        String direction = call.queryMap().getOrDefault("direction", sort.equals("full_name") ? "asc" : "desc");
        Comparator<ObjectNode> order = Comparator.comparing((ObjectNode r) -> r.path(field).asText())
                .thenComparing(r -> r.path("id").asLong());
        List<ObjectNode> listed = Set.copyOf(repositories.values()).stream()
                .map(r -> r.repo().deepCopy())
                .filter(r -> r.path("owner").path("login").asText().equalsIgnoreCase(org))
                .sorted(direction.equals("asc") ? order : order.reversed())
                .toList();
        if (listed.isEmpty()) {
            error(call, 404, "404_not_found");
            return;
        }
        page(call, apiBase + "/orgs/" + org + "/repos", listed, items -> items);
    }

    /** Applies the repository's injected faults: waits at the gate, answers a pending echo, failure or oversized answer. */
    private static boolean failed(Call call, SimulatedRepository repository) throws IOException {
        repository.faults().awaitGate();
        Faults.Echo echo = repository.faults().takeEcho();
        if (echo != null) {
            echo(call, echo);
            return true;
        }
        int failure = repository.faults().takeFailure();
        if (failure > 0) {
            call.send(failure, JSON, failure >= 500 ? "{\"message\":\"Server Error\"}" : "{}", Map.of());
            return true;
        }
        Faults.OversizedAnswer oversized = repository.faults().oversizedAnswerTo(call.path());
        if (oversized != null) {
            call.sendOversized(oversized);
            return true;
        }
        return false;
    }

    /** A proxy that refuses the request and, misconfigured, names what it received: the credentials as sent. */
    private static void echo(Call call, Faults.Echo echo) throws IOException {
        String words = "upstream refused request " + call.method() + " " + call.uri().getRawPath() + "; headers: Authorization: "
                + call.header("Authorization") + ", User-Agent: " + call.header("User-Agent") + ", Accept: " + call.header("Accept");
        if (echo.json()) {
            ObjectNode body = Shapes.MAPPER.createObjectNode().put("message", words);
            call.send(echo.status(), JSON, body.toString(), Map.of());
        } else {
            call.send(echo.status(), "text/plain; charset=utf-8", "<proxy> " + words + "\n", Map.of());
        }
    }

    /**
     * One repository resource. Besides commits, pulls and reviews: {@code /issues} (state, sort, direction,
     * since, creator, assignee, milestone, labels, type), {@code /issues/comments} and {@code /pulls/comments}
     * (sort, direction, since), {@code /issues/{n}/comments} (since), {@code /pulls/{n}/comments} (sort,
     * direction, since), {@code /contributors}, {@code /teams}, {@code /branches} (protected), {@code /branches/{b}/protection} and
     * {@code /actions/runs} (status, created, branch, event, actor, head_sha); all paged by per_page/page.
     */
    private void routeRepository(Call call, SimulatedRepository repository, String rest) throws IOException {
        Map<String, String> query = call.queryMap();
        Matcher reviews = REVIEWS.matcher(rest);
        Matcher issueComments = ISSUE_COMMENTS.matcher(rest);
        Matcher reviewComments = REVIEW_COMMENTS.matcher(rest);
        Matcher protection = PROTECTION.matcher(rest);
        switch (rest) {
            case "" -> call.json(repository.repo());
            case "/commits" -> {
                List<ObjectNode> commits = repository.commits();
                if (commits.isEmpty()) {
                    call.send(409, JSON, "{\"message\":\"Git Repository is empty.\",\"documentation_url\":"
                            + "\"https://docs.github.com/rest/commits/commits#list-commits\",\"status\":\"409\"}", Map.of());
                    return;
                }
                String since = query.get("since");
                if (since != null) {
                    Instant from = Instant.parse(since);
                    List<ObjectNode> all = commits;
                    commits = repository.memo("commits " + listing(call), () -> all.stream().filter(c -> !Instant.parse(
                            c.get("commit").get("committer").get("date").asText()).isBefore(from)).toList());
                }
                page(call, repository, "/commits", commits);
            }
            case "/pulls" -> {
                String state = query.getOrDefault("state", "open");
                String sort = query.getOrDefault("sort", "created");
                String direction = query.getOrDefault("direction", sort.equals("created") ? "desc" : "asc");
                String field = sort.equals("updated") ? "updated_at" : "created_at";
                Comparator<ObjectNode> order = SimulatedRepository.byField(field);
                List<ObjectNode> pulls = repository.memo("pulls " + listing(call), () -> repository.pulls().stream()
                        .filter(p -> state.equals("all") || p.get("state").asText().equals(state))
                        .sorted(direction.equals("desc") ? order.reversed() : order)
                        .toList());
                page(call, repository, "/pulls", pulls);
            }
            case "/issues" -> page(call, repository, rest, repository.memo("issues " + listing(call),
                    () -> issues(repository.issuesWithPulls(), query)));
            case "/issues/comments" -> page(call, repository, rest, comments(repository.issueComments(), query, true));
            case "/pulls/comments" -> page(call, repository, rest, comments(repository.reviewComments(), query, true));
            case "/contributors" -> {
                if (repository.commits().isEmpty()) {
                    call.send(204, null, null, Map.of()); // documented: "Response if repository is empty"
                } else {
                    page(call, repository, rest, repository.contributors());
                }
            }
            case "/teams" -> {
                if (!repository.teamsReadable()) {
                    denyTeams(call, repository, "https://docs.github.com/rest/repos/repos#list-repository-teams");
                } else {
                    page(call, repository, rest, repository.teams());
                }
            }
            case "/branches" -> {
                String wanted = query.get("protected");
                page(call, repository, rest, repository.branches(wanted == null ? null : Boolean.parseBoolean(wanted)));
            }
            case "/actions/runs" -> {
                List<ObjectNode> runs = runs(repository.runs(), query);
                page(call, apiBase + "/repositories/" + repository.id + rest, runs, items -> {
                    ObjectNode body = Shapes.MAPPER.createObjectNode();
                    body.put("total_count", runs.size());
                    body.set("workflow_runs", items);
                    return body;
                });
            }
            default -> {
                if (issueComments.matches()) {
                    int number = Integer.parseInt(issueComments.group(1));
                    if (!repository.hasItem(number)) {
                        error(call, 404, "404_not_found");
                    } else {
                        page(call, repository, rest, comments(repository.issueComments(number), query, false));
                    }
                } else if (reviewComments.matches()) {
                    int number = Integer.parseInt(reviewComments.group(1));
                    if (!repository.hasPull(number)) {
                        error(call, 404, "404_not_found");
                    } else {
                        page(call, repository, rest, comments(repository.reviewComments(number), query, true));
                    }
                } else if (protection.matches()) {
                    protection(call, repository, protection.group(1));
                } else if (reviews.matches()) {
                    List<ObjectNode> list = repository.reviews(Integer.parseInt(reviews.group(1)));
                    if (list == null) {
                        error(call, 404, "404_not_found");
                    } else {
                        page(call, repository, rest, list);
                    }
                } else {
                    error(call, 404, "404_not_found");
                }
            }
        }
    }

    /** One page of a list, with a Link header in GitHub's form (repository addressed by id). */
    private void page(Call call, SimulatedRepository repository, String resource, List<ObjectNode> all) throws IOException {
        page(call, apiBase + "/repositories/" + repository.id + resource, all, items -> items);
    }

    /**
     * One page of {@code all}, wrapped by {@code body} (the runs list is an object around its array), with
     * Link URLs on {@code linkBase}: GitHub's Links address repositories and teams by id.
     */
    private void page(Call call, String linkBase, List<ObjectNode> all, Function<ArrayNode, JsonNode> body)
            throws IOException {
        Map<String, List<String>> query = call.queryMulti();
        int perPage = Math.min(100, Math.max(1, parseInt(call.query("per_page"), 30)));
        int page = Math.max(1, parseInt(call.query("page"), 1));
        int last = Math.max(1, (all.size() + perPage - 1) / perPage);
        ArrayNode items = Shapes.MAPPER.createArrayNode();
        all.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(items::add);
        List<String> links = new ArrayList<>();
        if (page < last) {
            links.add(link(linkBase, query, page + 1, "next"));
            links.add(link(linkBase, query, last, "last"));
        }
        if (page > 1) {
            links.add(link(linkBase, query, page - 1, "prev"));
            links.add(link(linkBase, query, 1, "first"));
        }
        call.json(body.apply(items), links.isEmpty() ? Map.of() : Map.of("Link", String.join(", ", links)));
    }

    /** What names one listing whatever page of it is asked for: the query without page and per_page. */
    private static String listing(Call call) {
        Map<String, List<String>> query = new java.util.TreeMap<>(call.queryMulti());
        query.remove("page");
        query.remove("per_page");
        return query.toString();
    }

    /** The request's query with {@code page} replaced (or appended), every repeated value kept. */
    private static String link(String linkBase, Map<String, List<String>> query, int page, String rel) {
        Map<String, List<String>> q = new LinkedHashMap<>(query);
        q.put("page", List.of(Integer.toString(page)));
        StringBuilder url = new StringBuilder(linkBase + "?");
        q.forEach((k, values) -> values.forEach(v -> url.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&')));
        url.setLength(url.length() - 1);
        return "<" + url + ">; rel=\"" + rel + "\"";
    }

    /**
     * GET /repos/{o}/{r}/issues: pull requests included. state open (default) / closed / all; since: updated
     * at or after; sort created (default) / updated / comments, direction desc by default; creator, assignee
     * ("none", "*" or a login), milestone ("none", "*" or a number), labels (all of a comma list), type
     * ("none", "*" or a type name).
     */
    private static List<ObjectNode> issues(List<ObjectNode> all, Map<String, String> query) {
        String state = query.getOrDefault("state", "open");
        String sort = ISSUE_SORTS.contains(query.getOrDefault("sort", "")) ? query.get("sort") : "created";
        Predicate<ObjectNode> keep = i -> state.equals("all") || i.get("state").asText().equals(state);
        keep = keep.and(updatedSince(query.get("since")));
        String creator = query.get("creator");
        if (creator != null) {
            keep = keep.and(i -> i.get("user").get("login").asText().equalsIgnoreCase(creator));
        }
        keep = keep.and(noneAnyOr(query.get("assignee"), i -> i.path("assignee").path("login").asText(null)));
        keep = keep.and(noneAnyOr(query.get("milestone"), i -> i.path("milestone").path("number").asText(null)));
        keep = keep.and(noneAnyOr(query.get("type"), i -> i.path("type").path("name").asText(null)));
        String labels = query.get("labels");
        if (labels != null && !labels.isBlank()) {
            List<String> wanted = List.of(labels.split(","));
            keep = keep.and(i -> wanted.stream().allMatch(w -> i.path("labels").findValuesAsText("name").stream()
                    .anyMatch(n -> n.equalsIgnoreCase(w.trim()))));
        }
        Comparator<ObjectNode> order = switch (sort) {
            case "updated" -> SimulatedRepository.byField("updated_at");
            case "comments" -> Comparator.comparingInt(i -> i.get("comments").asInt());
            default -> SimulatedRepository.byField("created_at");
        };
        order = order.thenComparingInt(i -> i.get("number").asInt());
        boolean ascending = "asc".equals(query.get("direction"));
        return all.stream().filter(keep).sorted(ascending ? order : order.reversed()).toList();
    }

    /** GitHub's "none" (no value), "*" (any value) or an exact, case-insensitive value; no filter when absent. */
    private static Predicate<ObjectNode> noneAnyOr(String wanted, Function<ObjectNode, String> value) {
        if (wanted == null) {
            return i -> true;
        }
        return switch (wanted) {
            case "none" -> i -> value.apply(i) == null;
            case "*" -> i -> value.apply(i) != null;
            default -> i -> wanted.equalsIgnoreCase(value.apply(i));
        };
    }

    /**
     * Issue and review comments: ascending id by default; {@code sort} created / updated (review comments
     * also take created_at) with {@code direction}, asc unless desc ("Ignored without the sort parameter");
     * {@code since}: updated at or after. The per-issue list takes {@code since} only.
     */
    private static List<ObjectNode> comments(List<ObjectNode> all, Map<String, String> query, boolean sortable) {
        List<ObjectNode> kept = all.stream().filter(updatedSince(query.get("since"))).toList();
        String sort = sortable ? query.get("sort") : null;
        if (sort == null) {
            return kept;
        }
        Comparator<ObjectNode> order = SimulatedRepository.byField(sort.equals("updated") ? "updated_at" : "created_at")
                .thenComparingLong(c -> c.get("id").asLong());
        return kept.stream().sorted("desc".equals(query.get("direction")) ? order.reversed() : order).toList();
    }

    private static Predicate<ObjectNode> updatedSince(String since) {
        if (since == null) {
            return i -> true;
        }
        Instant from = Instant.parse(since);
        return i -> !Instant.parse(i.get("updated_at").asText()).isBefore(from);
    }

    /**
     * GET /repos/{o}/{r}/actions/runs, newest first: {@code status} matches a run's status or its conclusion;
     * {@code created} takes GitHub's search date syntax; {@code branch}, {@code event}, {@code actor},
     * {@code head_sha} match exactly.
     */
    private static List<ObjectNode> runs(List<ObjectNode> newestFirst, Map<String, String> query) {
        Predicate<ObjectNode> keep = r -> true;
        String status = query.get("status");
        if (status != null) {
            keep = keep.and(r -> status.equals(r.get("status").asText()) || status.equals(r.path("conclusion").asText(null)));
        }
        String created = query.get("created");
        if (created != null) {
            Predicate<Instant> when = GitHubDateQuery.parse(created);
            keep = keep.and(r -> when.test(Instant.parse(r.get("created_at").asText())));
        }
        for (String[] exact : new String[][] {{"branch", "/head_branch"}, {"event", "/event"},
                {"actor", "/actor/login"}, {"head_sha", "/head_sha"}}) {
            String wanted = query.get(exact[0]);
            if (wanted != null) {
                keep = keep.and(r -> wanted.equals(r.at(exact[1]).asText()));
            }
        }
        return newestFirst.stream().filter(keep).toList();
    }

    /**
     * GET …/branches/{branch}/protection: the protection, or GitHub's 404 "Branch not protected" (recorded)
     * for an unprotected branch and 404 "Branch not found" for a branch that does not exist.
     */
    private static void protection(Call call, SimulatedRepository repository, String branch) throws IOException {
        ObjectNode protection = repository.protection(branch);
        if (!repository.hasBranch(branch)) {
            ObjectNode body = Shapes.MAPPER.createObjectNode();
            body.put("message", "Branch not found");
            body.put("documentation_url", "https://docs.github.com/rest/branches/branch-protection#get-branch-protection");
            body.put("status", "404");
            call.send(404, JSON, body.toString(), Map.of());
        } else if (protection == null) {
            error(call, 404, "404_branch_not_protected");
        } else {
            call.json(protection);
        }
    }

    /**
     * GET /orgs/{org}/teams/{team_slug}/members and /organizations/{org_id}/team/{team_id}/members (where
     * GitHub's Links and members_url point): simple users, {@code role} all (default) / maintainer / member.
     */
    private void teamMembers(Call call, String path) throws IOException {
        Matcher bySlug = ORG_TEAM_MEMBERS.matcher(path);
        Matcher byId = ORG_ID_TEAM_MEMBERS.matcher(path);
        SimulatedRepository owner = null;
        SimulatedRepository.Team team = null;
        for (SimulatedRepository repository : Set.copyOf(repositories.values())) {
            team = bySlug.matches() ? repository.team(bySlug.group(1), bySlug.group(2))
                    : byId.matches() ? repository.team(Long.parseLong(byId.group(1)), Long.parseLong(byId.group(2))) : null;
            if (team != null) {
                owner = repository;
                break;
            }
        }
        if (team == null) {
            error(call, 404, "404_not_found");
            return;
        }
        if (failed(call, owner)) {
            return;
        }
        if (!owner.teamsReadable()) {
            denyTeams(call, owner, "https://docs.github.com/rest/teams/members#list-team-members");
            return;
        }
        String role = call.query("role", "all");
        page(call, apiBase + "/organizations/" + team.orgId() + "/team/" + team.object().get("id").asLong() + "/members",
                owner.teamMembers(team.object().get("slug").asText(), role), items -> items);
    }

    /**
     * Teams a token may not read. GitHub documents only 200 and 404 for GET /repos/{o}/{r}/teams, and a
     * token without access to the repository's teams gets 404 Not Found; an app installation token without
     * the permission gets 403 "Resource not accessible by integration".
     */
    private static void denyTeams(Call call, SimulatedRepository repository, String documentation) throws IOException {
        int status = repository.teamsDeniedStatus();
        ObjectNode body = Shapes.MAPPER.createObjectNode();
        body.put("message", status == 403 ? "Resource not accessible by integration" : "Not Found");
        body.put("documentation_url", documentation);
        body.put("status", Integer.toString(status));
        call.send(status, JSON, body.toString(), Map.of());
    }

    private static void error(Call call, int status, String key) throws IOException {
        call.send(status, JSON, SHAPES.keyed("errors", key).toString(), Map.of());
    }

    private static String key(String owner, String name) {
        return (owner + "/" + name).toLowerCase(java.util.Locale.ROOT);
    }
}
