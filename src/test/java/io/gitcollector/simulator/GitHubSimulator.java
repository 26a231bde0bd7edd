package io.gitcollector.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stateful GitHub REST v3 simulator on loopback. It behaves as the real API does where the
 * collector depends on it: {@code per_page} (default 30, max 100) and {@code page}; Link headers
 * with next/last/first/prev pointing at {@code /repositories/{id}/…} as GitHub's do; {@code since}
 * on commits (committer date); {@code state}, {@code sort}, {@code direction} on pulls with
 * GitHub's defaults; rate-limit headers; ETag / If-None-Match with 304; GitHub's 401/404 bodies.
 * Faults, per repository: a number of error answers to come, and a gate that holds requests.
 */
public final class GitHubSimulator implements AutoCloseable {

    private static final Pattern REPO_PATH = Pattern.compile("^/repos/([^/]+)/([^/]+)(/.*)?$");
    private static final Pattern REPO_ID_PATH = Pattern.compile("^/repositories/(\\d+)(/.*)?$");
    private static final Pattern REVIEWS = Pattern.compile("^/pulls/(\\d+)/reviews$");
    private static final int RATE_LIMIT = 5000;

    private final HttpServer server;
    private final String apiBase;
    private final String webBase;
    private final Map<String, SimulatedRepository> repositories = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, AtomicLong> requestsByPath = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> notModifiedByPath = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger remaining = new java.util.concurrent.atomic.AtomicInteger(RATE_LIMIT);
    private volatile String requiredToken;

    private GitHubSimulator(int port) throws IOException {
        // Without TCP_NODELAY every response waits out the client's delayed ACK (~40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        apiBase = "http://127.0.0.1:" + server.getAddress().getPort();
        webBase = apiBase;
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

    public long requests() {
        return requests.get();
    }

    /** Requests whose path contains {@code fragment}, e.g. "/pulls". */
    public long requestsTo(String fragment) {
        return requestsByPath.entrySet().stream().filter(e -> e.getKey().contains(fragment))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    /** 304 answers to requests whose path contains {@code fragment}. */
    public long notModifiedTo(String fragment) {
        return notModifiedByPath.entrySet().stream().filter(e -> e.getKey().contains(fragment))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    @Override
    public void close() {
        repositories.values().forEach(SimulatedRepository::release);
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            URI uri = exchange.getRequestURI();
            requestsByPath.computeIfAbsent(uri.getPath(), p -> new AtomicLong()).incrementAndGet();
            if (!"GET".equals(exchange.getRequestMethod())) {
                error(exchange, 404, "404_not_found");
                return;
            }
            if (requiredToken != null) {
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                if (auth == null) {
                    send(exchange, 401, "{\"message\":\"Requires authentication\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"401\"}", Map.of());
                    return;
                }
                if (!auth.equals("Bearer " + requiredToken) && !auth.equals("token " + requiredToken)) {
                    error(exchange, 401, "401_bad_credentials");
                    return;
                }
            }
            route(exchange, uri);
        } catch (RuntimeException e) {
            send(exchange, 500, "{\"message\":\"simulator: " + e + "\"}", Map.of());
        }
    }

    private void route(HttpExchange exchange, URI uri) throws IOException {
        String path = uri.getPath();
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
                String location = moved + rest + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                send(exchange, 301, "{\"message\":\"Moved Permanently\",\"url\":\"" + moved
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
            error(exchange, 404, "404_not_found");
            return;
        }
        repository.awaitGate();
        int failure = repository.takeFailure();
        if (failure > 0) {
            send(exchange, failure, failure >= 500 ? "{\"message\":\"Server Error\"}" : "{}", Map.of());
            return;
        }
        Map<String, String> query = query(uri);
        Matcher reviews = REVIEWS.matcher(rest);
        switch (rest) {
            case "" -> json(exchange, repository.repo(), Map.of());
            case "/commits" -> {
                List<ObjectNode> commits = repository.commits();
                if (commits.isEmpty()) {
                    send(exchange, 409, "{\"message\":\"Git Repository is empty.\",\"documentation_url\":"
                            + "\"https://docs.github.com/rest/commits/commits#list-commits\",\"status\":\"409\"}", Map.of());
                    return;
                }
                String since = query.get("since");
                if (since != null) {
                    Instant from = Instant.parse(since);
                    commits = commits.stream().filter(c -> !Instant.parse(
                            c.get("commit").get("committer").get("date").asText()).isBefore(from)).toList();
                }
                page(exchange, repository, "/commits", query, commits);
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
                page(exchange, repository, "/pulls", query, pulls);
            }
            default -> {
                if (reviews.matches()) {
                    List<ObjectNode> list = repository.reviews(Integer.parseInt(reviews.group(1)));
                    if (list == null) {
                        error(exchange, 404, "404_not_found");
                    } else {
                        page(exchange, repository, rest, query, list);
                    }
                } else {
                    error(exchange, 404, "404_not_found");
                }
            }
        }
    }

    /** One page of a list, with a Link header in GitHub's form (repository addressed by id). */
    private void page(HttpExchange exchange, SimulatedRepository repository, String resource,
                      Map<String, String> query, List<ObjectNode> all) throws IOException {
        int perPage = Math.min(100, Math.max(1, parseInt(query.get("per_page"), 30)));
        int page = Math.max(1, parseInt(query.get("page"), 1));
        int last = Math.max(1, (all.size() + perPage - 1) / perPage);
        ArrayNode body = GitHubShapes.MAPPER.createArrayNode();
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
        json(exchange, body, links.isEmpty() ? Map.of() : Map.of("Link", String.join(", ", links)));
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

    private void json(HttpExchange exchange, JsonNode body, Map<String, String> headers) throws IOException {
        String text = GitHubShapes.MAPPER.writeValueAsString(body);
        String etag = "\"" + md5(text) + "\"";
        if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            // GitHub does not count a 304 against the rate limit.
            notModifiedByPath.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicLong()).incrementAndGet();
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put("ETag", etag);
            send(exchange, 304, null, h, false);
            return;
        }
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("ETag", etag);
        send(exchange, 200, text, h);
    }

    private void error(HttpExchange exchange, int status, String key) throws IOException {
        send(exchange, status, GitHubShapes.keyed("errors", key).toString(), Map.of());
    }

    private void send(HttpExchange exchange, int status, String body, Map<String, String> headers) throws IOException {
        send(exchange, status, body, headers, true);
    }

    private void send(HttpExchange exchange, int status, String body, Map<String, String> headers, boolean counts)
            throws IOException {
        var h = exchange.getResponseHeaders();
        h.set("Content-Type", "application/json; charset=utf-8");
        h.set("X-GitHub-Media-Type", "github.v3; format=json");
        h.set("X-RateLimit-Limit", Integer.toString(RATE_LIMIT));
        int left = counts ? remaining.updateAndGet(n -> Math.max(0, n - 1)) : remaining.get();
        h.set("X-RateLimit-Remaining", Integer.toString(left));
        h.set("X-RateLimit-Used", Integer.toString(RATE_LIMIT - left));
        h.set("X-RateLimit-Reset", Long.toString(Instant.now().plusSeconds(3600).getEpochSecond()));
        h.set("X-RateLimit-Resource", "core");
        headers.forEach(h::set);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(k, v);
        }
        return query;
    }

    private static int parseInt(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String key(String owner, String name) {
        return (owner + "/" + name).toLowerCase(java.util.Locale.ROOT);
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
