package io.gitcollector.simulator;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stateful Gerrit REST simulator on loopback, behaving as Gerrit does where the collector depends on it: every
 * JSON answer starts with {@code )]}'} and a newline; errors are plain text; authenticated calls go under
 * {@code /a/} with HTTP Basic (a call there without the right credentials gets 401, anonymous calls elsewhere are
 * answered); {@code GET /projects/{name}} and {@code /projects/{name}/HEAD}; {@code GET /changes/} with {@code q}
 * ({@code project:}, {@code status:}, {@code after:"…"}), {@code n}, {@code S} and {@code o} options (an answer
 * holds only what its options ask for), newest update first, {@code _more_changes} on the last change of a cut
 * page. Gerrit sends no rate-limit headers, so neither does this.
 */
public final class GerritSimulator extends SimulatorServer {

    private static final String JSON = "application/json; charset=UTF-8";
    private static final String TEXT = "text/plain; charset=UTF-8";
    private static final String XSSI = ")]}'\n";
    /** Gerrit's index.maxLimit default for a query without a larger limit capability. */
    private static final int MAX_LIMIT = 500;
    private static final Pattern PROJECT = Pattern.compile("^/projects/([^/]+)(/HEAD)?/?$");
    private static final Pattern TERM = Pattern.compile("(\\w+):(\"[^\"]*\"|\\S+)");
    private static final DateTimeFormatter AFTER = DateTimeFormatter.ofPattern("yyyy-MM-dd[ HH:mm:ss[.SSS][ Z]]");

    private final Map<String, SimulatedGerritProject> projects = new ConcurrentHashMap<>();
    private final AtomicInteger changeNumbers = new AtomicInteger(1000);
    private final List<String> changeQueries = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile String requiredCredentials;

    private GerritSimulator(int port) throws IOException {
        super(port);
    }

    public static GerritSimulator start(int port) throws IOException {
        return new GerritSimulator(port);
    }

    /** {@code <baseUrl>/a}: the authenticated REST API, what the collector gets as GERRIT_API_URL with a token. */
    public String apiUrl() {
        return baseUrl() + "/a";
    }

    /** A new project without changes, its clock at 2024-01-01T00:00:00Z; its web address is {@code <baseUrl>/<name>}. */
    public SimulatedGerritProject createProject(String name) {
        SimulatedGerritProject project = new SimulatedGerritProject(name, baseUrl(), changeNumbers.addAndGet(1000),
                Instant.parse("2024-01-01T00:00:00Z"));
        projects.put(name, project);
        return project;
    }

    /** Calls under /a/ must carry HTTP Basic {@code user:password} (null: any credentials). */
    public void requireCredentials(String userColonPassword) {
        requiredCredentials = userColonPassword;
    }

    /** The {@code q} of every change query answered, in order. */
    public List<String> changeQueries() {
        return List.copyOf(changeQueries);
    }

    @Override
    public void close() {
        projects.values().forEach(p -> p.faults().release());
        super.close();
    }

    @Override
    protected Map<String, String> commonHeaders(boolean counted) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        h.put("X-Content-Type-Options", "nosniff");
        return h;
    }

    @Override
    protected void route(Call call) throws IOException {
        String path = call.uri().getRawPath();
        if (path.startsWith("/a/")) {
            if (!authorized(call.header("Authorization"))) {
                call.send(401, TEXT, "Unauthorized", Map.of("WWW-Authenticate", "Basic realm=\"Gerrit Code Review\""));
                return;
            }
            path = path.substring(2);
        }
        if (!"GET".equals(call.method())) {
            call.send(405, TEXT, "Method Not Allowed", Map.of());
            return;
        }
        Matcher project = PROJECT.matcher(path);
        if (project.matches()) {
            String name = URLDecoder.decode(project.group(1), StandardCharsets.UTF_8);
            SimulatedGerritProject found = projects.get(name);
            if (found == null) {
                call.send(404, TEXT, "Not found: " + name, Map.of());
            } else if (!fault(call, found)) {
                json(call, project.group(2) == null ? found.project() : Shapes.MAPPER.getNodeFactory().textNode(found.head()));
            }
            return;
        }
        if (path.equals("/changes/") || path.equals("/changes")) {
            changes(call);
            return;
        }
        call.send(404, TEXT, "Not Found", Map.of());
    }

    private boolean authorized(String authorization) {
        if (requiredCredentials == null) {
            return true;
        }
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return false;
        }
        String given = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        return given.equals(requiredCredentials);
    }

    /** Query Changes: the project's changes that match q, newest update first, cut at n from S. */
    private void changes(Call call) throws IOException {
        String q = call.query("q");
        if (q == null || q.isBlank()) {
            call.send(400, TEXT, "missing query field", Map.of());
            return;
        }
        changeQueries.add(q);
        SimulatedGerritProject project = null;
        Predicate<ObjectNode> matches = c -> true;
        Matcher term = TERM.matcher(q);
        while (term.find()) {
            String value = term.group(2).startsWith("\"") ? term.group(2).substring(1, term.group(2).length() - 1) : term.group(2);
            switch (term.group(1)) {
                case "project" -> project = projects.get(value);
                case "status" -> {
                    String status = value.toUpperCase(java.util.Locale.ROOT);
                    matches = matches.and(c -> status.equals("OPEN") ? c.get("status").asText().equals("NEW")
                            : status.equals("CLOSED") ? !c.get("status").asText().equals("NEW") : c.get("status").asText().equals(status));
                }
                case "after", "since" -> {
                    Instant after;
                    try {
                        after = afterTime(value);
                    } catch (DateTimeParseException e) {
                        call.send(400, TEXT, "Unrecognized date value: " + value, Map.of());
                        return;
                    }
                    matches = matches.and(c -> !gerritTime(c.get("updated").asText()).isBefore(after));
                }
                default -> {
                    call.send(400, TEXT, "Unsupported operator " + term.group(1), Map.of());
                    return;
                }
            }
        }
        if (project == null) {
            json(call, Shapes.MAPPER.createArrayNode()); // Gerrit answers a query on an unknown project with no changes
            return;
        }
        if (fault(call, project)) {
            return;
        }
        int limit = Math.min(MAX_LIMIT, Math.max(1, parseInt(call.query("n"), MAX_LIMIT)));
        int start = Math.max(0, parseInt(call.query("S", call.query("start", "0")), 0));
        Set<String> options = Set.copyOf(call.queryAll("o"));
        List<ObjectNode> all = project.changes().stream().filter(matches).toList();
        ArrayNode body = Shapes.MAPPER.createArrayNode();
        all.stream().skip(start).limit(limit).forEach(c -> body.add(withOptions(c, options)));
        if (start + limit < all.size() && !body.isEmpty()) {
            ((ObjectNode) body.get(body.size() - 1)).put("_more_changes", true);
        }
        json(call, body);
    }

    /** A change as the list gives it for these options: without them only the change's own fields and account ids. */
    private static ObjectNode withOptions(ObjectNode change, Set<String> options) {
        ObjectNode out = change.deepCopy();
        if (!options.contains("DETAILED_LABELS") && !options.contains("LABELS")) {
            out.remove("labels");
            out.remove("reviewers");
        }
        if (!options.contains("MESSAGES")) {
            out.remove("messages");
        }
        if (!options.contains("CURRENT_REVISION") && !options.contains("ALL_REVISIONS")) {
            out.remove(List.of("current_revision", "current_revision_number", "revisions"));
        } else if (!options.contains("CURRENT_COMMIT") && !options.contains("ALL_COMMITS")) {
            out.get("revisions").forEach(r -> ((ObjectNode) r).remove("commit"));
        }
        if (!options.contains("DETAILED_ACCOUNTS")) {
            out.findParents("_account_id").forEach(account -> ((ObjectNode) account).retain("_account_id", "value", "date", "permitted_voting_range"));
        }
        return out;
    }

    private boolean fault(Call call, SimulatedGerritProject project) throws IOException {
        project.faults().awaitGate();
        int failure = project.faults().takeFailure();
        if (failure > 0) {
            call.send(failure, TEXT, failure == 404 ? "Not found: " + project.name() : "Internal server error", Map.of());
            return true;
        }
        return false;
    }

    private void json(Call call, com.fasterxml.jackson.databind.JsonNode body) throws IOException {
        call.send(200, JSON, XSSI + Shapes.MAPPER.writeValueAsString(body), Map.of("Content-Disposition", "attachment"));
    }

    /** {@code 2006-01-02[ 15:04:05[.890][ -0700]]}, UTC when no zone is given. */
    static Instant afterTime(String value) {
        var parsed = AFTER.parseBest(value, java.time.ZonedDateTime::from, LocalDateTime::from, java.time.LocalDate::from);
        if (parsed instanceof java.time.ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (parsed instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        return ((java.time.LocalDate) parsed).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    static Instant gerritTime(String value) {
        return LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }
}
