package io.gitcollector.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The HTTP side every platform simulator shares: a loopback server, request counters, query
 * parsing, JSON answers with an ETag (and 304 on a matching If-None-Match). A platform subclass
 * routes each {@link Call} and adds its own rate-limit headers and error bodies. Every request first
 * passes the {@link #chaos()} switches (delay, dropped connection, random error), which are off by default.
 */
public abstract class SimulatorServer implements AutoCloseable {

    private final HttpServer server;
    private final String base;
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, AtomicLong> requestsByPath = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> notModifiedByPath = new ConcurrentHashMap<>();
    private final ChaosSwitches chaos = new ChaosSwitches();

    protected SimulatorServer(int port) throws IOException {
        // Without TCP_NODELAY every response waits out the client's delayed ACK (~40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}: the web host of simulated repositories, and the API's host. */
    public String baseUrl() {
        return base;
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

    /** Random faults applied to every request before the platform routes it; all off until set. */
    public ChaosSwitches chaos() {
        return chaos;
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** Answers one request; anything it throws becomes a 500. */
    protected abstract void route(Call call) throws IOException;

    /** Headers every answer carries (rate limit, media type); {@code counted} is false for a free 304. */
    protected abstract Map<String, String> commonHeaders(boolean counted);

    /** The common headers of one answer; a platform whose headers depend on the request (its token) overrides this. */
    protected Map<String, String> commonHeaders(Call call, boolean counted) {
        return commonHeaders(counted);
    }

    /** Sees every request as it arrives, before any fault (per-token counts); nothing by default. */
    protected void received(Call call) {
    }

    /** The body of a random error from {@link ChaosSwitches#failRandomly}; a platform may answer its own. */
    protected String chaosFailureBody(int status) {
        return "{\"message\":\"Server Error\"}";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            requestsByPath.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicLong()).incrementAndGet();
            Call call = new Call(exchange);
            received(call);
            chaos.awaitDelay();
            if (chaos.takeDrop()) {
                return; // closing an exchange that sent no headers closes its connection: the client reads nothing
            }
            int failure = chaos.takeFailure();
            if (failure > 0) {
                // Not counted against a rate limit: the request never reached the platform's API.
                call.send(failure, "application/json; charset=utf-8", chaosFailureBody(failure), Map.of(), false);
                return;
            }
            try {
                route(call);
            } catch (RuntimeException e) {
                call.send(500, "application/json", "{\"message\":\"simulator: " + e.toString().replace("\"", "'") + "\"}", Map.of());
            }
        }
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A query value as form-encoding writes it in Link headers: a-z A-Z 0-9 and "-_.~" kept, a space as
     * '+', every other byte %XX (Ruby's CGI.escape for GitLab, Go's url.QueryEscape for Gitea).
     */
    static String formEscape(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                out.append(c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    public static int parseInt(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** One request and its answer. */
    public final class Call {
        private final HttpExchange exchange;
        private final Map<String, List<String>> query = new LinkedHashMap<>();

        Call(HttpExchange exchange) {
            this.exchange = exchange;
            String raw = exchange.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    query.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
                }
            }
        }

        public String method() {
            return exchange.getRequestMethod();
        }

        public URI uri() {
            return exchange.getRequestURI();
        }

        /** The decoded path. */
        public String path() {
            return exchange.getRequestURI().getPath();
        }

        /** The path as sent, %-escapes kept (GitLab's URL-encoded project paths). */
        public String rawPath() {
            return exchange.getRequestURI().getRawPath();
        }

        public String header(String name) {
            return exchange.getRequestHeaders().getFirst(name);
        }

        /** The request body as UTF-8 text (read once). */
        public String body() throws IOException {
            return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        }

        /** The first value of a query parameter, or null. */
        public String query(String name) {
            List<String> values = query.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String query(String name, String fallback) {
            String value = query(name);
            return value == null ? fallback : value;
        }

        /** Every value of a repeated query parameter ({@code state=OPEN&state=MERGED}). */
        public List<String> queryAll(String name) {
            return query.getOrDefault(name, List.of());
        }

        /** The query with one value per name (the first), in request order. */
        public Map<String, String> queryMap() {
            Map<String, String> single = new LinkedHashMap<>();
            query.forEach((k, v) -> single.put(k, v.get(0)));
            return single;
        }

        /** The query with every value, in request order. */
        public Map<String, List<String>> queryMulti() {
            return query;
        }

        /** 200 with a JSON body and an ETag; 304 (not counted against the rate limit) when If-None-Match matches. */
        public void json(JsonNode body, Map<String, String> headers) throws IOException {
            String text = Shapes.MAPPER.writeValueAsString(body);
            String etag = "\"" + md5(text) + "\"";
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put("ETag", etag);
            if (etag.equals(header("If-None-Match"))) {
                notModifiedByPath.computeIfAbsent(path(), p -> new AtomicLong()).incrementAndGet();
                send(304, null, null, h, false);
                return;
            }
            send(200, "application/json; charset=utf-8", text, h);
        }

        public void json(JsonNode body) throws IOException {
            json(body, Map.of());
        }

        /**
         * 200 with a JSON array of {@code answer.bytes()} bytes ({@code [0,0,0,…]}), generated as it is written so
         * that no more than one small buffer is ever held. A client that stops reading ends it (counted as sent so far).
         */
        public void sendOversized(Faults.OversizedAnswer answer) throws IOException {
            var h = exchange.getResponseHeaders();
            h.set("Content-Type", "application/json; charset=utf-8");
            commonHeaders(this, true).forEach(h::set);
            long total = Math.max(2, answer.bytes());
            exchange.sendResponseHeaders(200, answer.declareLength() ? total : 0); // 0: chunked
            byte[] filler = new byte[64 * 1024];
            for (int i = 0; i < filler.length; i += 2) {
                filler[i] = '0';
                filler[i + 1] = ',';
            }
            try (OutputStream out = exchange.getResponseBody()) {
                out.write('[');
                answer.countSent(1);
                long left = total - 2; // between "[" and "]": "0,0,…,0" (odd) or that and one space
                while (left > 0) {
                    int n = (int) Math.min(filler.length, left);
                    if (n == left) {
                        // The last piece must not end in a comma: "…0" or "…0 ".
                        byte[] last = java.util.Arrays.copyOf(filler, n);
                        last[n - 1] = (byte) (n % 2 == 0 ? ' ' : '0');
                        out.write(last);
                    } else {
                        out.write(filler, 0, n);
                    }
                    answer.countSent(n);
                    left -= n;
                }
                out.write(']');
                answer.countSent(1);
            } catch (IOException clientWentAway) {
                // The client closed the connection before the end: what it was sent is counted.
            } finally {
                answer.countEnded();
            }
        }

        public void send(int status, String contentType, String body, Map<String, String> headers) throws IOException {
            send(status, contentType, body, headers, true);
        }

        private void send(int status, String contentType, String body, Map<String, String> headers, boolean counted)
                throws IOException {
            var h = exchange.getResponseHeaders();
            if (contentType != null) {
                h.set("Content-Type", contentType);
            }
            commonHeaders(this, counted).forEach(h::set);
            headers.forEach(h::set);
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (status == 200 && contentType != null && contentType.contains("json") && bytes.length > 0
                    && chaos.takeTruncation()) {
                bytes = Arrays.copyOf(bytes, bytes.length / 2); // Content-Length below follows the cut body
            }
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}
