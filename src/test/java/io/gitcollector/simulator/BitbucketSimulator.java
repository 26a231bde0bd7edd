package io.gitcollector.simulator;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stateful Bitbucket Cloud REST 2.0 simulator on loopback, faithful where the collector depends on
 * it: Bitbucket's paging bodies (page-numbered {@code size/page/pagelen/next/previous/values}; commits
 * and activity with opaque {@code page}/{@code ctx} tokens and no size; pipelines without {@code next}),
 * {@code pagelen} limits (pull requests 50, others 100) and "Invalid pagelen"/"Invalid page" errors,
 * repeated {@code state} on pull requests (absent: OPEN), BBQL {@code q} and {@code sort}, Bitbucket's
 * error bodies, the scaled rate-limit headers, ETag / If-None-Match with 304. Sources: SOURCES.md
 * beside the shapes. Faults, per repository: error answers to come, and a gate that holds requests.
 */
public final class BitbucketSimulator extends SimulatorServer {

    static final Shapes SHAPES = new Shapes("bitbucket");

    private static final Pattern REPOSITORY = Pattern.compile("^/2\\.0/repositories/([^/]+)/([^/]+)(/.*)?$");
    private static final Pattern WORKSPACE_REPOSITORIES = Pattern.compile("^/2\\.0/repositories/([^/]+)$");
    private static final Pattern WORKSPACE = Pattern.compile("^/2\\.0/workspaces/([^/]+)(/members)?$");
    private static final Pattern PR_CHILD = Pattern.compile("^/pullrequests/(\\d{1,9})/(activity|comments)$");
    private static final Pattern ISSUE_COMMENTS = Pattern.compile("^/issues/(\\d{1,9})/comments$");
    private static final String JSON = "application/json; charset=utf-8";
    private static final String NO_API = "{\"type\": \"error\", \"error\": {\"message\": \"Resource not found\", \"detail\": "
            + "\"There is no API hosted at this URL.\\n\\nFor information about our API's, please refer to the "
            + "documentation at: https://developer.atlassian.com/bitbucket/api/2/reference/\"}}";
    private static final Set<String> PR_STATES = Set.of("OPEN", "MERGED", "DECLINED", "SUPERSEDED");

    private final String api;
    private final Map<String, BitbucketWorkspace> workspaces = new ConcurrentHashMap<>();
    private final Map<String, SimulatedBitbucketRepository> repositories = new ConcurrentHashMap<>();
    private final AtomicInteger limit = new AtomicInteger(1000);
    private final AtomicInteger remaining = new AtomicInteger(1000);
    /** Whether the request on this thread gets the scaled rate-limit headers (access token on /2.0/repositories/*). */
    private final ThreadLocal<Boolean> scaled = ThreadLocal.withInitial(() -> false);
    private volatile String requiredToken;

    private BitbucketSimulator(int port) throws IOException {
        super(port);
        api = baseUrl() + "/2.0";
    }

    public static BitbucketSimulator start(int port) throws IOException {
        return new BitbucketSimulator(port);
    }

    /** The base URL to give the collector as BITBUCKET_API_URL: {@code <baseUrl>/2.0}. */
    public String apiUrl() {
        return api;
    }

    /** A new, empty repository (its workspace is created on first use); seed it or mutate it. */
    public SimulatedBitbucketRepository createRepository(String workspace, String repoSlug) {
        BitbucketWorkspace ws = workspaces.computeIfAbsent(key(workspace),
                k -> new BitbucketWorkspace(workspace, api, baseUrl(), Instant.parse("2024-01-01T00:00:00Z")));
        SimulatedBitbucketRepository repository = new SimulatedBitbucketRepository(ws, repoSlug,
                Instant.parse("2024-01-01T00:00:00Z"));
        repositories.put(key(workspace + "/" + repoSlug), repository);
        return repository;
    }

    /**
     * Requests must authenticate with {@code Authorization: Bearer <token>}, or, when the token is
     * {@code user:app_password}, with {@code Basic base64(token)} too; null accepts anything.
     */
    public void requireToken(String token) {
        requiredToken = token;
    }

    /** Sets the hourly limit reported in X-RateLimit-Limit and how many requests are left of it. */
    public void setRateLimit(int perHour, int left) {
        limit.set(perHour);
        remaining.set(left);
    }

    @Override
    public void close() {
        repositories.values().forEach(r -> r.faults().release());
        super.close();
    }

    /**
     * Bitbucket sends X-RateLimit-Limit / -Resource / -NearLimit only to access-token requests on the
     * scaled /2.0/repositories/* endpoints (no Remaining, no Reset); NearLimit is true below 20% left.
     */
    @Override
    protected Map<String, String> commonHeaders(boolean counted) {
        if (!scaled.get()) {
            return Map.of();
        }
        int left = counted ? remaining.updateAndGet(n -> Math.max(0, n - 1)) : remaining.get();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-RateLimit-Limit", Integer.toString(limit.get()));
        h.put("X-RateLimit-Resource", "api");
        h.put("X-RateLimit-NearLimit", Boolean.toString(left < limit.get() / 5));
        return h;
    }

    @Override
    protected void route(Call call) throws IOException {
        scaled.set(false);
        try {
            routeScoped(call);
        } finally {
            scaled.set(false);
        }
    }

    private void routeScoped(Call call) throws IOException {
        String path = call.path().length() > 1 && call.path().endsWith("/")
                ? call.path().substring(0, call.path().length() - 1) : call.path();
        if (!"GET".equals(call.method()) || !path.startsWith("/2.0/")) {
            call.send(404, JSON, NO_API, Map.of());
            return;
        }
        String auth = call.header("Authorization");
        if (!authorized(auth)) {
            error(call, 401, SHAPES.keyed("errors", "401_error_object").toString());
            return;
        }
        scaled.set(auth != null && auth.startsWith("Bearer ") && path.startsWith("/2.0/repositories/"));
        Matcher repo = REPOSITORY.matcher(path);
        Matcher ws = WORKSPACE.matcher(path);
        Matcher wsRepositories = WORKSPACE_REPOSITORIES.matcher(path);
        if (wsRepositories.matches()) {
            // GET /repositories/{workspace}: the workspace's repositories (10 a page, at most 100), 404 for no workspace.
            BitbucketWorkspace workspace = workspaces.get(key(wsRepositories.group(1)));
            if (workspace == null) {
                notFound(call);
                return;
            }
            List<ObjectNode> listed = repositories.values().stream()
                    .filter(r -> r.workspace == workspace).map(SimulatedBitbucketRepository::repository)
                    .sorted(java.util.Comparator.comparing(r -> r.get("full_name").asText())).toList();
            page(call, listed, 10, 100, true);
        } else if (repo.matches()) {
            SimulatedBitbucketRepository repository = repositories.get(key(repo.group(1) + "/" + repo.group(2)));
            if (repository == null) {
                notFound(call);
            } else if (passFaults(call, repository)) {
                routeRepository(call, repository, repo.group(3) == null ? "" : repo.group(3));
            }
        } else if (ws.matches()) {
            BitbucketWorkspace workspace = workspaces.get(key(ws.group(1)));
            if (workspace == null) {
                notFound(call);
                return;
            }
            // Workspace endpoints share the faults of the workspace's first repository.
            SimulatedBitbucketRepository first = repositories.values().stream()
                    .filter(r -> r.workspace == workspace).findFirst().orElse(null);
            if (first != null && !passFaults(call, first)) {
                return;
            }
            if (ws.group(2) == null) {
                call.json(workspace.workspace());
            } else {
                page(call, workspace.members(), 10, 100, true);
            }
        } else {
            call.send(404, JSON, NO_API, Map.of());
        }
    }

    private void routeRepository(Call call, SimulatedBitbucketRepository repository, String rest) throws IOException {
        Matcher prChild = PR_CHILD.matcher(rest);
        Matcher issueComments = ISSUE_COMMENTS.matcher(rest);
        try {
            switch (rest) {
                case "" -> call.json(repository.repository());
                case "/commits" -> tokenPage(call, repository.commits(), 30, 100, "page");
                case "/pullrequests" -> pullRequests(call, repository);
                case "/issues" -> {
                    if (noTracker(call, repository)) {
                        return;
                    }
                    page(call, BitbucketQuery.apply(repository.issues(), call.query("q"), call.query("sort"),
                            "-updated_on", SHAPES.example("issue")), 10, 100, true);
                }
                case "/branch-restrictions" -> page(call, repository.branchRestrictions().stream()
                        .filter(r -> call.query("kind") == null || r.get("kind").asText().equals(call.query("kind")))
                        .filter(r -> call.query("pattern") == null || r.get("pattern").asText().equals(call.query("pattern")))
                        .toList(), 10, 100, true);
                case "/pipelines" -> page(call, BitbucketQuery.apply(repository.pipelines(), null, call.query("sort"),
                        "created_on", SHAPES.example("pipeline")), 10, 100, false);
                default -> {
                    if (rest.startsWith("/diffstat/")) {
                        List<ObjectNode> files = repository.diffstat(rest.substring("/diffstat/".length()));
                        if (files == null) {
                            notFound(call);
                        } else {
                            repository.countDiffstatCall();
                            page(call, files, 500, 500, true);
                        }
                    } else if (rest.startsWith("/commits/")) {
                        // Commits reachable from a branch: every simulated commit is on the main branch.
                        String revision = java.net.URLDecoder.decode(rest.substring("/commits/".length()), java.nio.charset.StandardCharsets.UTF_8);
                        if (revision.equals(repository.repository().get("mainbranch").get("name").asText())) {
                            tokenPage(call, repository.commits(), 30, 100, "page");
                        } else {
                            notFound(call);
                        }
                    } else if (prChild.matches()) {
                        int id = Integer.parseInt(prChild.group(1));
                        if (prChild.group(2).equals("activity")) {
                            List<ObjectNode> entries = repository.activity(id);
                            if (entries == null) {
                                notFound(call);
                            } else {
                                tokenPage(call, entries, 20, 100, "ctx");
                            }
                        } else {
                            List<ObjectNode> comments = repository.pullRequestComments(id);
                            if (comments == null) {
                                notFound(call);
                            } else {
                                page(call, BitbucketQuery.apply(comments, call.query("q"), call.query("sort"),
                                        "created_on", SHAPES.example("pullrequest_comment")), 10, 100, true);
                            }
                        }
                    } else if (issueComments.matches()) {
                        if (noTracker(call, repository)) {
                            return;
                        }
                        List<ObjectNode> comments = repository.issueComments(Integer.parseInt(issueComments.group(1)));
                        if (comments == null) {
                            notFound(call);
                        } else {
                            page(call, BitbucketQuery.apply(comments, call.query("q"), call.query("sort"),
                                    "created_on", SHAPES.example("issue_comment")), 10, 100, true);
                        }
                    } else {
                        call.send(404, JSON, NO_API, Map.of());
                    }
                }
            }
        } catch (BitbucketQuery.Invalid e) {
            error(call, 400, errorBody(e.getMessage()));
        }
    }

    /** {@code state} repeated or absent (OPEN only, unless q filters on state itself); q; sort (default -updated_on). */
    private void pullRequests(Call call, SimulatedBitbucketRepository repository) throws IOException {
        String q = call.query("q");
        Set<String> states = call.queryAll("state").stream().map(s -> s.toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
        if (states.isEmpty() && !BitbucketQuery.mentions(q, "state")) {
            states = Set.of("OPEN");
        }
        Set<String> wanted = states.contains("ALL") ? PR_STATES : states;
        List<ObjectNode> selected = repository.pullRequests().stream()
                .filter(pr -> wanted.isEmpty() || wanted.contains(pr.get("state").asText())).toList();
        page(call, BitbucketQuery.apply(selected, q, call.query("sort"), "-updated_on", SHAPES.example("pullrequest")),
                10, 50, true);
    }

    /**
     * A page-numbered list: {@code size, page, pagelen, next, previous, values} ({@code withNext} false for
     * pipelines, which answer only {@code page, pagelen, size, values}).
     */
    private void page(Call call, List<ObjectNode> all, int defaultLength, int maxLength, boolean withNext) throws IOException {
        Integer pagelen = pagelen(call, defaultLength, maxLength);
        if (pagelen == null) {
            return;
        }
        String pageText = call.query("page");
        int page = pageText == null ? 1 : parseInt(pageText, -1);
        int last = Math.max(1, (all.size() + pagelen - 1) / pagelen);
        if (page < 1 || page > last) {
            error(call, 400, errorBody("Invalid page"));
            return;
        }
        ObjectNode body = Shapes.MAPPER.createObjectNode();
        if (withNext) {
            body.put("size", all.size());
            body.put("page", page);
            body.put("pagelen", pagelen);
            if (page < last) {
                body.put("next", link(call, "page", Integer.toString(page + 1)));
            }
            if (page > 1) {
                body.put("previous", link(call, "page", Integer.toString(page - 1)));
            }
        } else {
            body.put("page", page);
            body.put("pagelen", pagelen);
            body.put("size", all.size());
        }
        ArrayNode values = body.putArray("values");
        all.stream().skip((long) (page - 1) * pagelen).limit(pagelen).forEach(values::add);
        call.json(body);
    }

    /** A forward-only list with an opaque token in {@code param}: {@code pagelen, values, next} (no size, no page). */
    private void tokenPage(Call call, List<ObjectNode> all, int defaultLength, int maxLength, String param) throws IOException {
        Integer pagelen = pagelen(call, defaultLength, maxLength);
        if (pagelen == null) {
            return;
        }
        Integer offset = offset(call.query(param), param, pagelen);
        if (offset == null || offset > all.size()) {
            error(call, 400, errorBody("Invalid page"));
            return;
        }
        ObjectNode body = Shapes.MAPPER.createObjectNode();
        body.put("pagelen", pagelen);
        ArrayNode values = body.putArray("values");
        all.stream().skip(offset).limit(pagelen).forEach(values::add);
        if (offset + pagelen < all.size()) {
            body.put("next", link(call, param, token(param, offset + pagelen)));
        }
        call.json(body);
    }

    /** The requested pagelen, or null after answering 400 "Invalid pagelen". */
    private Integer pagelen(Call call, int defaultLength, int maxLength) throws IOException {
        String text = call.query("pagelen");
        int pagelen = text == null ? defaultLength : parseInt(text, -1);
        if (pagelen < 1 || pagelen > maxLength) {
            error(call, 400, errorBody("Invalid pagelen"));
            return null;
        }
        return pagelen;
    }

    /** Opaque tokens that carry an offset, e.g. "cDo2MA"; commits also take a page number. */
    private static String token(String param, int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((param.charAt(0) + ":" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static Integer offset(String token, String param, int pagelen) {
        if (token == null) {
            return 0;
        }
        if (param.equals("page") && token.matches("\\d{1,6}")) {
            int page = Integer.parseInt(token);
            return page < 1 ? null : (page - 1) * pagelen;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String prefix = param.charAt(0) + ":";
            return decoded.startsWith(prefix) ? Integer.valueOf(decoded.substring(prefix.length())) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The request's own URL with {@code param} set to {@code value} (other parameters, repeated ones too, kept). */
    private String link(Call call, String param, String value) {
        StringBuilder url = new StringBuilder(baseUrl()).append(call.rawPath()).append('?');
        boolean replaced = false;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : call.queryMulti().entrySet()) {
            if (e.getKey().equals(param)) {
                parts.add(encode(param) + "=" + encode(value));
                replaced = true;
            } else {
                e.getValue().forEach(v -> parts.add(encode(e.getKey()) + "=" + encode(v)));
            }
        }
        if (!replaced) {
            parts.add(encode(param) + "=" + encode(value));
        }
        return url.append(String.join("&", parts)).toString();
    }

    private boolean authorized(String auth) {
        String token = requiredToken;
        if (token == null) {
            return true;
        }
        if (auth == null) {
            return false;
        }
        if (auth.equals("Bearer " + token)) {
            return true;
        }
        return token.contains(":") && auth.equals("Basic "
                + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** Waits at the gate, then answers an injected failure (429 is Bitbucket's text/plain); true to go on. */
    private boolean passFaults(Call call, SimulatedBitbucketRepository repository) throws IOException {
        repository.faults().awaitGate();
        int failure = repository.faults().takeFailure();
        if (failure == 0) {
            return true;
        }
        if (failure == 429) {
            call.send(429, "text/plain", SHAPES.keyed("errors", "429_text_plain").asText(), Map.of());
        } else {
            error(call, failure, errorBody(failure >= 500 ? "Internal Server Error" : "Error " + failure));
        }
        return false;
    }

    private static boolean noTracker(Call call, SimulatedBitbucketRepository repository) throws IOException {
        if (repository.issueTrackerEnabled()) {
            return false;
        }
        error(call, 404, errorBody("Repository has no issue tracker."));
        return true;
    }

    private static void notFound(Call call) throws IOException {
        error(call, 404, SHAPES.keyed("errors", "404_error_object").toString());
    }

    private static void error(Call call, int status, String body) throws IOException {
        call.send(status, JSON, body, Map.of());
    }

    /** Bitbucket's error schema: {"type": "error", "error": {"message": …}}. */
    static String errorBody(String message) {
        ObjectNode body = Shapes.MAPPER.createObjectNode();
        body.put("type", "error");
        body.putObject("error").put("message", message);
        return body.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
