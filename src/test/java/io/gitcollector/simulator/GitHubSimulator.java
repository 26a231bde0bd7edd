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
 * (see {@link #routeRepository}). Faults, per repository: a number of error answers to come, and a
 * gate that holds requests.
 */
public final class GitHubSimulator extends SimulatorServer {

    private static final Pattern REPO_PATH = Pattern.compile("^/repos/([^/]+)/([^/]+)(/.*)?$");
    private static final Pattern REPO_ID_PATH = Pattern.compile("^/repositories/(\\d+)(/.*)?$");
    private static final Pattern REVIEWS = Pattern.compile("^/pulls/(\\d+)/reviews$");
    private static final Pattern ISSUE_COMMENTS = Pattern.compile("^/issues/(\\d+)/comments$");
    private static final Pattern REVIEW_COMMENTS = Pattern.compile("^/pulls/(\\d+)/comments$");
    private static final Pattern PROTECTION = Pattern.compile("^/branches/(.+)/protection$");
    private static final Pattern ORG_TEAM_MEMBERS = Pattern.compile("^/orgs/([^/]+)/teams/([^/]+)/members$");
    private static final Pattern ORG_ID_TEAM_MEMBERS = Pattern.compile("^/organizations/(\\d+)/team/(\\d+)/members$");
    private static final Set<String> ISSUE_SORTS = Set.of("created", "updated", "comments");
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
        if (ORG_TEAM_MEMBERS.matcher(path).matches() || ORG_ID_TEAM_MEMBERS.matcher(path).matches()) {
            teamMembers(call, path);
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

    /** Applies the repository's injected faults: waits at the gate, answers a pending failure. */
    private static boolean failed(Call call, SimulatedRepository repository) throws IOException {
        repository.faults().awaitGate();
        int failure = repository.faults().takeFailure();
        if (failure > 0) {
            call.send(failure, JSON, failure >= 500 ? "{\"message\":\"Server Error\"}" : "{}", Map.of());
            return true;
        }
        return false;
    }

    /**
     * One repository resource. Besides commits, pulls and reviews: {@code /issues} (state, sort, direction,
     * since, creator, assignee, milestone, labels, type), {@code /issues/comments} and {@code /pulls/comments}
     * (sort, direction, since), {@code /issues/{n}/comments} (since), {@code /pulls/{n}/comments} (sort,
     * direction, since), {@code /contributors}, {@code /teams}, {@code /branches/{b}/protection} and
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
            case "/issues" -> page(call, repository, rest, issues(repository.issuesWithPulls(), query));
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
        ObjectNode protection = repository.protection();
        if (!repository.hasBranch(branch)) {
            ObjectNode body = Shapes.MAPPER.createObjectNode();
            body.put("message", "Branch not found");
            body.put("documentation_url", "https://docs.github.com/rest/branches/branch-protection#get-branch-protection");
            body.put("status", "404");
            call.send(404, JSON, body.toString(), Map.of());
        } else if (protection == null || !branch.equals(SimulatedRepository.DEFAULT_BRANCH)) {
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
