package io.gitcollector.simulator;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.simulator.GitLabOffsetPagination.Counting;
import io.gitcollector.simulator.GitLabParams.Invalid;

/**
 * A stateful GitLab REST v4 simulator on loopback, serving the endpoints the collector reads under
 * {@code /api/v4}. Projects are addressed by numeric id or URL-encoded full path
 * ({@code acme%2Fplatform%2Fbackend}). It reproduces GitLab's offset pagination (see
 * {@link GitLabOffsetPagination}), its documented list defaults and filters, its error bodies
 * ({@code 404 Project Not Found}, {@code 404 Not found}, Grape's 400s), the RateLimit-* headers of
 * GitLab.com (2000 requests a minute) with a plain-text 429 "Retry later", and ETag / 304.
 * Faults, per project: error answers to come, and a gate that holds requests.
 */
public final class GitLabSimulator extends SimulatorServer {

    static final Shapes SHAPES = new Shapes("gitlab");

    private static final String JSON = "application/json";
    private static final Pattern PROJECT = Pattern.compile("^/api/v4/projects/([^/]+)(/.*)?$");
    private static final Pattern GROUP_MEMBERS = Pattern.compile("^/api/v4/groups/([^/]+)/members$");
    private static final Pattern GROUP_PROJECTS = Pattern.compile("^/api/v4/groups/([^/]+)/projects$");
    private static final Pattern MR_APPROVALS = Pattern.compile("^/merge_requests/(\\d+)/approvals$");
    private static final Pattern MR_NOTES = Pattern.compile("^/merge_requests/(\\d+)/notes$");
    private static final Pattern ISSUE_NOTES = Pattern.compile("^/issues/(\\d+)/notes$");
    private static final Pattern PIPELINE = Pattern.compile("^/pipelines/(\\d+)$");
    private static final Set<String> PROJECT_LISTS = Set.of("", "/repository/commits", "/merge_requests", "/issues",
            "/members", "/members/all", "/groups", "/protected_branches", "/pipelines");
    /** Ci::HasStatus::AVAILABLE_STATUSES, the values of the pipelines' status filter. */
    private static final String[] PIPELINE_STATUSES = {"created", "waiting_for_resource", "preparing",
        "waiting_for_callback", "pending", "running", "success", "failed", "canceling", "canceled", "skipped",
        "manual", "scheduled"};

    private final Map<Long, SimulatedGitLabProject> projects = new LinkedHashMap<>();
    private final Map<String, SimulatedGitLabGroup> groups = new LinkedHashMap<>();
    private long lastProjectId = 100;
    private long lastGroupId = 10;
    private volatile String requiredToken;
    private int rateLimit = 2000;
    private long window;
    private int observed;

    private GitLabSimulator(int port) throws IOException {
        super(port);
    }

    public static GitLabSimulator start(int port) throws IOException {
        return new GitLabSimulator(port);
    }

    /** The base URL to give the collector as GITLAB_API_URL: baseUrl() + "/api/v4". */
    public String apiUrl() {
        return baseUrl() + "/api/v4";
    }

    /**
     * A new project at {@code fullPath} ("acme/platform/backend"); its ancestor groups ("acme",
     * "acme/platform") are created on first use, each with a few direct members, and shared by every
     * project below them.
     */
    public synchronized SimulatedGitLabProject createProject(String fullPath) {
        if (!fullPath.contains("/") || fullPath.startsWith("/") || fullPath.endsWith("/")) {
            throw new IllegalArgumentException("a GitLab project lives in a group: group/.../project, not " + fullPath);
        }
        if (findProject(fullPath) != null) {
            throw new IllegalArgumentException("project " + fullPath + " exists");
        }
        List<SimulatedGitLabGroup> ancestors = new ArrayList<>();
        String[] parts = fullPath.split("/");
        SimulatedGitLabGroup parent = null;
        for (int depth = 0; depth < parts.length - 1; depth++) {
            String groupPath = String.join("/", java.util.Arrays.copyOfRange(parts, 0, depth + 1));
            parent = groups.computeIfAbsent(groupPath.toLowerCase(Locale.ROOT), k -> newGroup(groupPath, ancestors));
            ancestors.add(parent);
        }
        SimulatedGitLabProject project = new SimulatedGitLabProject(++lastProjectId, fullPath, ancestors, baseUrl(),
                Instant.parse("2024-01-01T00:00:00Z"));
        projects.put(project.id, project);
        return project;
    }

    /** The group with this full path, or null. */
    public synchronized SimulatedGitLabGroup group(String fullPath) {
        return groups.get(fullPath.toLowerCase(Locale.ROOT));
    }

    /** Requests must carry {@code PRIVATE-TOKEN: token} or {@code Authorization: Bearer token} (null: anything goes). */
    public void requireToken(String token) {
        requiredToken = token;
    }

    /** Requests allowed per minute before GitLab's plain-text 429 (default 2000, GitLab.com's authenticated API limit). */
    public synchronized void rateLimit(int perMinute) {
        rateLimit = perMinute;
    }

    @Override
    public void close() {
        synchronized (this) {
            projects.values().forEach(p -> p.faults().release());
        }
        super.close();
    }

    // ---- rate limit ------------------------------------------------------------------------------

    /** Counts a request in the current one-minute window; false when it is over the limit. */
    private synchronized boolean observe() {
        long now = Instant.now().getEpochSecond();
        if (now - now % 60 != window) {
            window = now - now % 60;
            observed = 0;
        }
        return ++observed <= rateLimit;
    }

    @Override
    protected synchronized Map<String, String> commonHeaders(boolean counted) {
        long reset = window + 60;
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Cache-Control", "max-age=0, private, must-revalidate");
        h.put("Vary", "Origin");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "SAMEORIGIN");
        h.put("RateLimit-Name", "throttle_authenticated_api");
        h.put("RateLimit-Limit", Integer.toString(rateLimit));
        h.put("RateLimit-Observed", Integer.toString(observed));
        h.put("RateLimit-Remaining", Integer.toString(Math.max(0, rateLimit - observed)));
        h.put("RateLimit-Reset", Long.toString(reset));
        return h;
    }

    /** GitLab's throttled answer: plain-text "Retry later", plus RateLimit-ResetTime and Retry-After (only on a 429). */
    private void tooManyRequests(Call call) throws IOException {
        long reset;
        synchronized (this) {
            reset = window + 60;
        }
        call.send(429, "text/plain", SHAPES.keyed("errors", "429_body_text_plain").asText(), Map.of(
                "RateLimit-ResetTime", DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochSecond(reset).atOffset(ZoneOffset.UTC)),
                "Retry-After", Long.toString(Math.max(1, reset - Instant.now().getEpochSecond()))));
    }

    // ---- routing ---------------------------------------------------------------------------------

    @Override
    protected void route(Call call) throws IOException {
        if (!observe()) {
            tooManyRequests(call);
            return;
        }
        if (!"GET".equals(call.method())) {
            routeNotFound(call);
            return;
        }
        if (requiredToken != null && !requiredToken.equals(call.header("PRIVATE-TOKEN"))
                && !("Bearer " + requiredToken).equals(call.header("Authorization"))) {
            error(call, 401, "401_unauthorized");
            return;
        }
        try {
            Matcher project = PROJECT.matcher(call.rawPath());
            Matcher groupMembers = GROUP_MEMBERS.matcher(call.rawPath());
            Matcher groupProjects = GROUP_PROJECTS.matcher(call.rawPath());
            if (project.matches()) {
                routeProject(call, decode(project.group(1)), project.group(2) == null ? "" : project.group(2));
            } else if (groupMembers.matches()) {
                routeGroupMembers(call, decode(groupMembers.group(1)));
            } else if (groupProjects.matches()) {
                routeGroupProjects(call, decode(groupProjects.group(1)));
            } else {
                routeNotFound(call);
            }
        } catch (Invalid e) {
            call.send(400, JSON, Shapes.MAPPER.createObjectNode().put("error", e.getMessage()).toString(), Map.of());
        }
    }

    private void routeProject(Call call, String idParam, String rest) throws IOException {
        if (!PROJECT_LISTS.contains(rest) && !MR_APPROVALS.matcher(rest).matches() && !MR_NOTES.matcher(rest).matches()
                && !ISSUE_NOTES.matcher(rest).matches() && !PIPELINE.matcher(rest).matches()) {
            routeNotFound(call); // Grape matches the route before it looks the project up
            return;
        }
        SimulatedGitLabProject project = findProject(idParam);
        if (project == null) {
            error(call, 404, "404_project_not_found");
            return;
        }
        if (failed(call, project)) {
            return;
        }
        Map<String, String> id = Map.of("id", idParam);
        switch (rest) {
            case "" -> call.json(project.project());
            case "/repository/commits" -> commits(call, project, id);
            case "/merge_requests" -> mergeRequests(call, project, id);
            case "/issues" -> issues(call, project, id);
            case "/members" -> page(call, id, members(call, project.directMembers()), Counting.COUNTED);
            case "/members/all" -> page(call, id, members(call, project.members()), Counting.COUNTED);
            case "/groups" -> groups(call, project, id);
            case "/protected_branches" -> {
                String search = GitLabParams.last(call, "search");
                page(call, id, project.protectedBranches().stream()
                        .filter(b -> search == null || b.get("name").asText().contains(search)).toList(), Counting.COUNTED);
            }
            case "/pipelines" -> pipelines(call, project, id);
            default -> routeProjectItem(call, project, idParam, rest);
        }
    }

    private void routeProjectItem(Call call, SimulatedGitLabProject project, String idParam, String rest) throws IOException {
        Matcher approvals = MR_APPROVALS.matcher(rest);
        Matcher mrNotes = MR_NOTES.matcher(rest);
        Matcher issueNotes = ISSUE_NOTES.matcher(rest);
        Matcher pipeline = PIPELINE.matcher(rest);
        JsonNode single = null;
        List<ObjectNode> notes = null;
        String noteableId = null;
        if (approvals.matches()) {
            single = project.approvals(Integer.parseInt(approvals.group(1)));
        } else if (mrNotes.matches()) {
            noteableId = mrNotes.group(1);
            notes = project.mergeRequestNotes(Integer.parseInt(noteableId));
        } else if (issueNotes.matches()) {
            noteableId = issueNotes.group(1);
            notes = project.issueNotes(Integer.parseInt(noteableId));
        } else if (pipeline.matches()) {
            single = project.pipeline(Long.parseLong(pipeline.group(1)));
        }
        if (single != null) {
            call.json(single);
        } else if (notes != null) {
            String orderBy = GitLabParams.choice(call, "order_by", "created_at", "created_at", "updated_at");
            boolean desc = GitLabParams.choice(call, "sort", "desc", "asc", "desc").equals("desc");
            page(call, Map.of("id", idParam, "noteable_id", noteableId),
                    notes.stream().sorted(by(time(orderBy), desc)).toList(), Counting.COUNTED);
        } else {
            error(call, 404, "404_not_found"); // find_by! misses answer ActiveRecord's "404 Not found"
        }
    }

    private void routeGroupMembers(Call call, String idParam) throws IOException {
        SimulatedGitLabGroup group;
        SimulatedGitLabProject owner;
        synchronized (this) {
            group = idParam.matches("\\d+")
                    ? groups.values().stream().filter(g -> g.id == Long.parseLong(idParam)).findFirst().orElse(null)
                    : groups.get(idParam.toLowerCase(Locale.ROOT));
            owner = group == null ? null
                    : projects.values().stream().filter(p -> p.ancestors.contains(group)).findFirst().orElse(null);
        }
        if (group == null) {
            error(call, 404, "404_group_not_found");
            return;
        }
        if (owner != null && failed(call, owner)) { // a group answers with the faults of its first project
            return;
        }
        page(call, Map.of("id", idParam), members(call, group.members()), Counting.COUNTED);
    }

    /**
     * GET /groups/:id/projects: the group's own projects, with include_subgroups=true those of its sub-groups too
     * (order_by created_at, sort desc by default, as GitLab's); with_shared is accepted, no project here is shared.
     */
    private void routeGroupProjects(Call call, String idParam) throws IOException {
        String orderBy = GitLabParams.choice(call, "order_by", "created_at", "id", "name", "path", "created_at",
                "updated_at", "last_activity_at", "similarity", "star_count");
        boolean desc = GitLabParams.choice(call, "sort", "desc", "asc", "desc").equals("desc");
        boolean subgroups = "true".equals(GitLabParams.last(call, "include_subgroups"));
        SimulatedGitLabGroup group;
        List<ObjectNode> listed;
        synchronized (this) {
            group = idParam.matches("\\d+")
                    ? groups.values().stream().filter(g -> g.id == Long.parseLong(idParam)).findFirst().orElse(null)
                    : groups.get(idParam.toLowerCase(Locale.ROOT));
            listed = group == null ? List.of() : projects.values().stream()
                    .filter(p -> subgroups ? p.ancestors.contains(group) : p.ancestors.get(p.ancestors.size() - 1) == group)
                    .map(SimulatedGitLabProject::project)
                    .toList();
        }
        if (group == null) {
            error(call, 404, "404_group_not_found");
            return;
        }
        java.util.Comparator<ObjectNode> order = orderBy.equals("id")
                ? java.util.Comparator.comparingLong(p -> p.get("id").asLong())
                : java.util.Comparator.comparing(p -> p.path(Set.of("name", "path").contains(orderBy) ? orderBy : "created_at").asText());
        page(call, Map.of("id", idParam), listed.stream().sorted(desc ? order.reversed() : order).toList(), Counting.COUNTED);
    }

    // ---- list endpoints --------------------------------------------------------------------------

    private void commits(Call call, SimulatedGitLabProject project, Map<String, String> id) throws IOException {
        Instant since = GitLabParams.time(call, "since");
        Instant until = GitLabParams.time(call, "until");
        boolean withStats = "true".equals(GitLabParams.last(call, "with_stats"));
        page(call, id, project.commits().stream()
                .filter(within("committed_date", since, until))
                .map(c -> {
                    if (!withStats) {
                        c.remove("stats");
                    }
                    return c;
                }).toList(), Counting.COMMITS);
    }

    private void mergeRequests(Call call, SimulatedGitLabProject project, Map<String, String> id) throws IOException {
        String state = GitLabParams.choice(call, "state", "all", "opened", "closed", "locked", "merged", "all");
        String orderBy = GitLabParams.choice(call, "order_by", "created_at", "created_at", "updated_at", "merged_at",
                "title", "label_priority", "milestone_due", "popularity", "priority");
        boolean desc = GitLabParams.choice(call, "sort", "desc", "asc", "desc").equals("desc");
        Set<Long> iids = GitLabParams.integers(call, "iids");
        page(call, id, project.mergeRequests().stream()
                .filter(mr -> state.equals("all") || mr.get("state").asText().equals(state))
                .filter(mr -> iids.isEmpty() || iids.contains(mr.get("iid").asLong()))
                .filter(dates(call))
                .sorted(by(orderBy.equals("title") ? text("title") : time(
                        Set.of("updated_at", "merged_at").contains(orderBy) ? orderBy : "created_at"), desc))
                .toList(), Counting.COUNTED);
    }

    private void issues(Call call, SimulatedGitLabProject project, Map<String, String> id) throws IOException {
        String state = GitLabParams.choice(call, "state", "all", "opened", "closed", "all");
        String orderBy = GitLabParams.choice(call, "order_by", "created_at", "created_at", "updated_at", "title",
                "due_date", "label_priority", "milestone_due", "popularity", "priority", "relative_position", "weight");
        boolean desc = GitLabParams.choice(call, "sort", "desc", "asc", "desc").equals("desc");
        Set<Long> iids = GitLabParams.integers(call, "iids");
        page(call, id, project.issues().stream()
                .filter(i -> state.equals("all") || i.get("state").asText().equals(state))
                .filter(i -> iids.isEmpty() || iids.contains(i.get("iid").asLong()))
                .filter(dates(call))
                .sorted(by(orderBy.equals("title") ? text("title") : time(orderBy.equals("updated_at") ? orderBy : "created_at"), desc))
                .toList(), Counting.COUNTED);
    }

    private void pipelines(Call call, SimulatedGitLabProject project, Map<String, String> id) throws IOException {
        String orderBy = GitLabParams.choice(call, "order_by", "id", "id", "status", "ref", "updated_at", "user_id");
        boolean desc = GitLabParams.choice(call, "sort", "desc", "asc", "desc").equals("desc");
        String status = GitLabParams.choice(call, "status", null, PIPELINE_STATUSES);
        String scope = GitLabParams.choice(call, "scope", null, "running", "pending", "finished", "branches", "tags");
        String ref = GitLabParams.last(call, "ref");
        String sha = GitLabParams.last(call, "sha");
        String username = GitLabParams.last(call, "username");
        String source = GitLabParams.last(call, "source");
        List<ObjectNode> all = project.pipelines();
        // scope=branches keeps the latest pipeline of each branch; every simulated pipeline runs on a branch
        Set<Long> latestPerRef = all.stream().collect(java.util.stream.Collectors.toMap(p -> p.get("ref").asText(),
                p -> p.get("id").asLong(), Math::max)).values().stream().collect(java.util.stream.Collectors.toSet());
        Function<ObjectNode, Comparable<?>> key = switch (orderBy) {
            case "status", "ref" -> text(orderBy);
            case "updated_at" -> time(orderBy);
            case "user_id" -> p -> p.get("user").get("id").asLong();
            default -> p -> p.get("id").asLong();
        };
        page(call, id, all.stream()
                .filter(p -> scope == null || switch (scope) {
                    case "finished" -> Set.of("success", "failed", "canceled", "skipped").contains(p.get("status").asText());
                    case "branches" -> latestPerRef.contains(p.get("id").asLong());
                    case "tags" -> p.get("tag").asBoolean();
                    default -> p.get("status").asText().equals(scope);
                })
                .filter(p -> status == null || p.get("status").asText().equals(status))
                .filter(p -> username == null || p.get("user").get("username").asText().equals(username))
                .filter(p -> source == null || p.get("source").asText().equals(source))
                .filter(p -> ref == null || p.get("ref").asText().equals(ref))
                .filter(p -> sha == null || p.get("sha").asText().equals(sha))
                .filter(dates(call))
                .sorted(by(key, desc))
                .map(SimulatedGitLabProject::listItem)
                .toList(), Counting.COUNTED);
    }

    private void groups(Call call, SimulatedGitLabProject project, Map<String, String> id) throws IOException {
        Set<Long> skip = GitLabParams.integers(call, "skip_groups");
        String search = GitLabParams.last(call, "search");
        page(call, id, project.groups().stream()
                .filter(g -> !skip.contains(g.get("id").asLong()))
                .filter(g -> search == null || g.get("full_path").asText().toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT))
                        || g.get("name").asText().toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT)))
                .toList(), Counting.COUNTED);
    }

    /** The members filters: {@code query} (name or username) and {@code user_ids[]}. */
    private static List<ObjectNode> members(Call call, List<ObjectNode> members) {
        String query = GitLabParams.last(call, "query");
        Set<Long> userIds = GitLabParams.integers(call, "user_ids");
        String q = query == null ? null : query.toLowerCase(Locale.ROOT);
        return members.stream()
                .filter(m -> q == null || m.get("username").asText().toLowerCase(Locale.ROOT).contains(q)
                        || m.get("name").asText().toLowerCase(Locale.ROOT).contains(q))
                .filter(m -> userIds.isEmpty() || userIds.contains(m.get("id").asLong()))
                .toList();
    }

    /** updated_after / updated_before / created_after / created_before, all inclusive (UpdatedAtFilterable: >= and <=). */
    private static Predicate<ObjectNode> dates(Call call) {
        Predicate<ObjectNode> updated = within("updated_at", GitLabParams.time(call, "updated_after"), GitLabParams.time(call, "updated_before"));
        return updated.and(within("created_at", GitLabParams.time(call, "created_after"), GitLabParams.time(call, "created_before")));
    }

    private static Predicate<ObjectNode> within(String field, Instant from, Instant to) {
        return n -> {
            if (from == null && to == null) {
                return true;
            }
            JsonNode value = n.get(field);
            if (value == null || value.isNull()) {
                return false;
            }
            Instant t = SimulatedGitLabProject.parse(value.asText());
            return (from == null || !t.isBefore(from)) && (to == null || !t.isAfter(to));
        };
    }

    private static Function<ObjectNode, Comparable<?>> time(String field) {
        return n -> n.get(field) == null || n.get(field).isNull() ? null : SimulatedGitLabProject.parse(n.get(field).asText());
    }

    private static Function<ObjectNode, Comparable<?>> text(String field) {
        return n -> n.get(field).asText();
    }

    /** Orders by {@code key} (nulls last either way) and then by id in the same direction, as GitLab's sorts do. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<ObjectNode> by(Function<ObjectNode, Comparable<?>> key, boolean desc) {
        Comparator<Comparable> natural = desc ? Comparator.reverseOrder() : Comparator.naturalOrder();
        Comparator<ObjectNode> primary = Comparator.comparing(n -> (Comparable) key.apply(n), Comparator.nullsLast(natural));
        Comparator<ObjectNode> byId = Comparator.comparingLong(n -> n.get("id").asLong());
        return primary.thenComparing(desc ? byId.reversed() : byId);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private void page(Call call, Map<String, String> pathParams, List<ObjectNode> all, Counting counting) throws IOException {
        GitLabOffsetPagination.page(call, baseUrl(), pathParams, all, counting);
    }

    /** Applies the project's faults: holds while its gate is shut, then answers an injected error if one is due. */
    private boolean failed(Call call, SimulatedGitLabProject project) throws IOException {
        project.faults().awaitGate();
        int status = project.faults().takeFailure();
        if (status == 0) {
            return false;
        }
        if (status == 429) {
            tooManyRequests(call);
        } else {
            call.send(status, JSON, Shapes.MAPPER.createObjectNode().put("message", status + " " + reason(status)).toString(), Map.of());
        }
        return true;
    }

    private synchronized SimulatedGitLabProject findProject(String idParam) {
        if (idParam.matches("\\d+")) {
            return projects.get(Long.parseLong(idParam));
        }
        return projects.values().stream().filter(p -> p.fullPath.equalsIgnoreCase(idParam)).findFirst().orElse(null);
    }

    /** Root groups get an owner and a maintainer, subgroups a developer and a maintainer: members/all must merge them. */
    private SimulatedGitLabGroup newGroup(String fullPath, List<SimulatedGitLabGroup> ancestors) {
        SimulatedGitLabGroup parent = ancestors.isEmpty() ? null : ancestors.get(ancestors.size() - 1);
        SimulatedGitLabGroup group = new SimulatedGitLabGroup(++lastGroupId, fullPath, parent, baseUrl());
        Instant since = Instant.parse("2023-01-01T00:00:00Z").plusSeconds(group.id * 86_400);
        GitLabUsers.Person alice = GitLabUsers.person("alice");
        if (parent == null) {
            group.addMember(GitLabUsers.member(alice, 50, since, alice, baseUrl()));
            group.addMember(GitLabUsers.member(GitLabUsers.person("bob"), 40, since, alice, baseUrl()));
        } else {
            group.addMember(GitLabUsers.member(alice, 40, since, alice, baseUrl()));
            group.addMember(GitLabUsers.member(GitLabUsers.person("carol"), 30, since, alice, baseUrl()));
        }
        return group;
    }

    /** Grape's answer to a path no route matches. */
    private static void routeNotFound(Call call) throws IOException {
        call.send(404, JSON, "{\"error\":\"404 Not Found\"}", Map.of());
    }

    private static void error(Call call, int status, String key) throws IOException {
        JsonNode body = key.equals("404_group_not_found")
                ? Shapes.MAPPER.createObjectNode().put("message", "404 Group Not Found") // not_found!('Group')
                : SHAPES.keyed("errors", key);
        call.send(status, JSON, body.toString(), Map.of());
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }

    /** A path segment as Rack decodes it: %2F becomes '/', a '+' stays a '+'. */
    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
