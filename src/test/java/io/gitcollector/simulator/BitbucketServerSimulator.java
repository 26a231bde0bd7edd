package io.gitcollector.simulator;

import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stateful Bitbucket Data Center (and Server) REST 1.0 simulator on loopback, behaving as Bitbucket does
 * where the collector depends on it: paged lists {@code {size, limit, isLastPage, values, start, nextPageStart}}
 * read with {@code start} and {@code limit} (25 by default, at most 1000: the {@code page.max.*} defaults);
 * commits newest first; pull requests filtered by {@code state} (OPEN by default, ALL) and ordered by
 * {@code order} (NEWEST by default: most recently updated first); a pull request's activities newest first;
 * {@code Authorization: Bearer <HTTP access token>}; Bitbucket's error bodies
 * {@code {"errors": [{"context", "message", "exceptionName"}]}}. Faults per repository.
 */
public final class BitbucketServerSimulator extends SimulatorServer {

    private static final String API = "/rest/api/1.0";
    private static final Pattern REPO_PATH = Pattern.compile("^" + API + "/projects/([^/]+)/repos/([^/]+)(/.*)?$");
    private static final Pattern ACTIVITIES = Pattern.compile("^/pull-requests/(\\d+)/activities$");
    private static final String JSON = "application/json;charset=UTF-8";
    private static final int DEFAULT_LIMIT = 25;
    private static final int MAX_LIMIT = 1000;
    private static final Comparator<ObjectNode> UPDATED = Comparator.comparingLong(n -> n.get("updatedDate").asLong());

    private final Map<String, SimulatedBitbucketServerRepository> repositories = new ConcurrentHashMap<>();
    private final AtomicInteger repositoryIds = new AtomicInteger(40);
    private volatile String requiredToken;

    private BitbucketServerSimulator(int port) throws IOException {
        super(port);
    }

    public static BitbucketServerSimulator start(int port) throws IOException {
        return new BitbucketServerSimulator(port);
    }

    /** {@code <baseUrl>/rest/api/1.0}: what the collector gets as BITBUCKET_SERVER_API_URL. */
    public String apiUrl() {
        return baseUrl() + API;
    }

    /**
     * A new, empty repository whose clock starts at 2024-01-01T00:00:00Z; its web address is
     * {@code <baseUrl>/projects/<projectKey>/repos/<slug>} (a personal project's key is {@code ~user}).
     */
    public SimulatedBitbucketServerRepository createRepository(String projectKey, String slug) {
        SimulatedBitbucketServerRepository repository = new SimulatedBitbucketServerRepository(projectKey, slug,
                repositoryIds.incrementAndGet(), baseUrl(), Instant.parse("2024-01-01T00:00:00Z"));
        repositories.put(key(projectKey, slug), repository);
        return repository;
    }

    /** Requests must carry {@code Authorization: Bearer <token>} (null: any token, or none). */
    public void requireToken(String token) {
        requiredToken = token;
    }

    @Override
    public void close() {
        repositories.values().forEach(r -> r.faults().release());
        super.close();
    }

    @Override
    protected Map<String, String> commonHeaders(boolean counted) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Cache-Control", "no-cache, no-transform");
        h.put("Vary", "X-AUSERNAME,Accept-Encoding");
        h.put("X-Content-Type-Options", "nosniff");
        return h;
    }

    @Override
    protected void route(Call call) throws IOException {
        if (!"GET".equals(call.method())) {
            error(call, 405, "Method not allowed", "");
            return;
        }
        String authorization = call.header("Authorization");
        if (requiredToken != null) {
            if (authorization == null) {
                // An anonymous request to a private repository.
                keyed(call, 401, "401_not_permitted");
                return;
            }
            if (!authorization.equals("Bearer " + requiredToken)) {
                keyed(call, 401, "401_authentication_failed");
                return;
            }
        }
        Matcher m = REPO_PATH.matcher(call.path());
        if (!m.matches()) {
            error(call, 404, "Not found", "");
            return;
        }
        SimulatedBitbucketServerRepository repository = repositories.get(key(m.group(1), m.group(2)));
        if (repository == null) {
            boolean projectExists = repositories.values().stream().anyMatch(r -> r.projectKey.equalsIgnoreCase(m.group(1)));
            if (projectExists) {
                error(call, 404, "Repository " + m.group(1) + "/" + m.group(2) + " does not exist.",
                        "com.atlassian.bitbucket.repository.NoSuchRepositoryException");
            } else {
                error(call, 404, "Project " + m.group(1) + " does not exist.", "com.atlassian.bitbucket.project.NoSuchProjectException");
            }
            return;
        }
        repository.faults().awaitGate();
        int failure = repository.faults().takeFailure();
        if (failure > 0) {
            error(call, failure, failure == 401 ? "Authentication failed. Please check your credentials and try again."
                    : "An error occurred while processing the request.", failure == 401
                    ? "com.atlassian.bitbucket.auth.IncorrectPasswordAuthenticationException" : "java.lang.RuntimeException");
            return;
        }
        String rest = m.group(3) == null ? "" : m.group(3);
        Matcher activities = ACTIVITIES.matcher(rest);
        switch (rest) {
            case "", "/" -> call.json(repository.repository(), Map.of("Content-Type", JSON));
            case "/default-branch" -> call.json(repository.defaultBranch(), Map.of("Content-Type", JSON));
            case "/commits" -> page(call, repository.commits());
            case "/pull-requests" -> pullRequests(call, repository);
            default -> {
                if (activities.matches()) {
                    int number = Integer.parseInt(activities.group(1));
                    List<ObjectNode> list = repository.activities(number);
                    if (list == null) {
                        error(call, 404, "Pull request " + number + " does not exist in " + repository.projectKey + "/"
                                + repository.slug + ".", "com.atlassian.bitbucket.pull.NoSuchPullRequestException");
                    } else {
                        page(call, list);
                    }
                } else {
                    error(call, 404, "Not found", "");
                }
            }
        }
    }

    /** state OPEN (default), DECLINED, MERGED or ALL; order NEWEST (default, most recently updated first) or OLDEST. */
    private void pullRequests(Call call, SimulatedBitbucketServerRepository repository) throws IOException {
        String state = call.query("state", "OPEN").toUpperCase(Locale.ROOT);
        if (!List.of("OPEN", "DECLINED", "MERGED", "ALL").contains(state)) {
            error(call, 400, "No enum constant com.atlassian.bitbucket.pull.PullRequestState." + state,
                    "java.lang.IllegalArgumentException");
            return;
        }
        boolean oldest = call.query("order", "NEWEST").equalsIgnoreCase("OLDEST");
        List<ObjectNode> list = repository.pullRequests().stream()
                .filter(p -> state.equals("ALL") || p.get("state").asText().equals(state))
                .sorted(oldest ? UPDATED : UPDATED.reversed())
                .toList();
        page(call, list);
    }

    /** One page: {@code start} is the index of the first item, {@code nextPageStart} is there only when more follow. */
    private void page(Call call, List<ObjectNode> all) throws IOException {
        int start = Math.max(0, parseInt(call.query("start"), 0));
        int requested = parseInt(call.query("limit"), DEFAULT_LIMIT);
        int limit = requested <= 0 ? DEFAULT_LIMIT : Math.min(requested, MAX_LIMIT);
        ObjectNode body = Shapes.MAPPER.createObjectNode();
        List<ObjectNode> values = all.stream().skip(start).limit(limit).toList();
        boolean last = start + values.size() >= all.size();
        body.put("size", values.size());
        body.put("limit", limit);
        body.put("isLastPage", last);
        ArrayNode array = body.putArray("values");
        values.forEach(array::add);
        body.put("start", start);
        if (!last) {
            body.put("nextPageStart", start + values.size());
        }
        call.json(body, Map.of("Content-Type", JSON));
    }

    private void keyed(Call call, int status, String key) throws IOException {
        call.send(status, JSON, SimulatedBitbucketServerRepository.SHAPES.keyed("errors", key).toString(), Map.of());
    }

    private void error(Call call, int status, String message, String exception) throws IOException {
        ObjectNode body = Shapes.MAPPER.createObjectNode();
        ObjectNode error = body.putArray("errors").addObject();
        error.putNull("context");
        error.put("message", message);
        error.put("exceptionName", exception.isEmpty() ? null : exception);
        call.send(status, JSON, body.toString(), Map.of());
    }

    private static String key(String projectKey, String slug) {
        return (projectKey + "/" + slug).toLowerCase(Locale.ROOT);
    }
}
