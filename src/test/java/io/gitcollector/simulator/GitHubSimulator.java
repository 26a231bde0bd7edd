package io.gitcollector.simulator;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stateful GitHub REST v3 simulator on loopback. It behaves as the real API does where the
 * collector depends on it: {@code per_page} (default 30, max 100) and {@code page}; Link headers
 * with next/last/first/prev pointing at {@code /repositories/{id}/…} as GitHub's do; {@code since}
 * on commits (committer date); {@code state}, {@code sort}, {@code direction} on pulls with
 * GitHub's defaults; rate-limit headers; ETag / If-None-Match with 304; GitHub's 401/404 bodies.
 * Faults, per repository: a number of error answers to come, and a gate that holds requests.
 */
public final class GitHubSimulator extends SimulatorServer {

    private static final Pattern REPO_PATH = Pattern.compile("^/repos/([^/]+)/([^/]+)(/.*)?$");
    private static final Pattern REPO_ID_PATH = Pattern.compile("^/repositories/(\\d+)(/.*)?$");
    private static final Pattern REVIEWS = Pattern.compile("^/pulls/(\\d+)/reviews$");
    private static final int RATE_LIMIT = 5000;
    private static final String JSON = "application/json; charset=utf-8";

    static final Shapes SHAPES = new Shapes("github");

    private final String apiBase;
    private final String webBase;
    private final Map<String, SimulatedRepository> repositories = new ConcurrentHashMap<>();
    private final AtomicInteger remaining = new AtomicInteger(RATE_LIMIT);
    private volatile String requiredToken;

    private GitHubSimulator(int port) throws IOException {
        super(port);
        apiBase = baseUrl();
        webBase = baseUrl();
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

    public boolean hasRepository(String owner, String name) {
        return repositories.containsKey(key(owner, name));
    }

    /** Requests must carry this bearer token (null: any or none). */
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
        int left = counted ? remaining.updateAndGet(n -> Math.max(0, n - 1)) : remaining.get();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-GitHub-Media-Type", "github.v3; format=json");
        h.put("X-RateLimit-Limit", Integer.toString(RATE_LIMIT));
        h.put("X-RateLimit-Remaining", Integer.toString(left));
        h.put("X-RateLimit-Used", Integer.toString(RATE_LIMIT - left));
        h.put("X-RateLimit-Reset", Long.toString(Instant.now().plusSeconds(3600).getEpochSecond()));
        h.put("X-RateLimit-Resource", "core");
        return h;
    }

    @Override
    protected void route(Call call) throws IOException {
        if (!"GET".equals(call.method())) {
            error(call, 404, "404_not_found");
            return;
        }
        if (requiredToken != null) {
            String auth = call.header("Authorization");
            if (auth == null) {
                call.send(401, JSON, "{\"message\":\"Requires authentication\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"401\"}", Map.of());
                return;
            }
            if (!auth.equals("Bearer " + requiredToken) && !auth.equals("token " + requiredToken)) {
                error(call, 401, "401_bad_credentials");
                return;
            }
        }
        String path = call.path();
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
        repository.faults().awaitGate();
        int failure = repository.faults().takeFailure();
        if (failure > 0) {
            call.send(failure, JSON, failure >= 500 ? "{\"message\":\"Server Error\"}" : "{}", Map.of());
            return;
        }
        routeRepository(call, repository, rest);
    }

    private void routeRepository(Call call, SimulatedRepository repository, String rest) throws IOException {
        Map<String, String> query = call.queryMap();
        Matcher reviews = REVIEWS.matcher(rest);
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
                    commits = commits.stream().filter(c -> !Instant.parse(
                            c.get("commit").get("committer").get("date").asText()).isBefore(from)).toList();
                }
                page(call, repository, "/commits", commits);
            }
            case "/pulls" -> {
                String state = query.getOrDefault("state", "open");
                String sort = query.getOrDefault("sort", "created");
                String direction = query.getOrDefault("direction", sort.equals("created") ? "desc" : "asc");
                String field = sort.equals("updated") ? "updated_at" : "created_at";
                Comparator<ObjectNode> order = SimulatedRepository.byField(field);
                List<ObjectNode> pulls = repository.pulls().stream()
                        .filter(p -> state.equals("all") || p.get("state").asText().equals(state))
                        .sorted(direction.equals("desc") ? order.reversed() : order)
                        .toList();
                page(call, repository, "/pulls", pulls);
            }
            default -> {
                if (reviews.matches()) {
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
        Map<String, String> query = call.queryMap();
        int perPage = Math.min(100, Math.max(1, parseInt(query.get("per_page"), 30)));
        int page = Math.max(1, parseInt(query.get("page"), 1));
        int last = Math.max(1, (all.size() + perPage - 1) / perPage);
        ArrayNode body = Shapes.MAPPER.createArrayNode();
        all.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(body::add);
        List<String> links = new ArrayList<>();
        if (page < last) {
            links.add(link(repository, resource, query, page + 1, "next"));
            links.add(link(repository, resource, query, last, "last"));
        }
        if (page > 1) {
            links.add(link(repository, resource, query, page - 1, "prev"));
            links.add(link(repository, resource, query, 1, "first"));
        }
        call.json(body, links.isEmpty() ? Map.of() : Map.of("Link", String.join(", ", links)));
    }

    private String link(SimulatedRepository repository, String resource, Map<String, String> query, int page, String rel) {
        Map<String, String> q = new LinkedHashMap<>(query);
        q.put("page", Integer.toString(page));
        StringBuilder url = new StringBuilder(apiBase + "/repositories/" + repository.id + resource + "?");
        q.forEach((k, v) -> url.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        url.setLength(url.length() - 1);
        return "<" + url + ">; rel=\"" + rel + "\"";
    }

    private static void error(Call call, int status, String key) throws IOException {
        call.send(status, JSON, SHAPES.keyed("errors", key).toString(), Map.of());
    }

    private static String key(String owner, String name) {
        return (owner + "/" + name).toLowerCase(java.util.Locale.ROOT);
    }
}
