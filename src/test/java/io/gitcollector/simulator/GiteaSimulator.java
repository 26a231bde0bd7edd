package io.gitcollector.simulator;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stateful Gitea REST v1 simulator on loopback, behaving as Gitea's handlers do where the
 * collector depends on it: {@code page} (1-based) and {@code limit} (default 30, at most 50:
 * Gitea's DEFAULT_PAGING_NUM and MAX_RESPONSE_ITEMS); a {@code Link} header (next, last, first,
 * prev, joined by ",", the request's query re-encoded with the new page) and {@code X-Total-Count}
 * where Gitea sets them; the extra X-Page/X-PerPage/X-Total/X-PageCount/X-HasMore headers on
 * commits only; each endpoint's filters and default order; Gitea's 401/404/409/422 bodies.
 * Gitea sends no rate-limit headers, so neither does this. Faults per repository.
 */
public final class GiteaSimulator extends SimulatorServer {

    private static final Pattern REPO_PATH = Pattern.compile("^/api/v1/repos/([^/]+)/([^/]+)(/.*)?$");
    private static final Pattern ORG_REPOS = Pattern.compile("^/api/v1/orgs/([^/]+)/repos$");
    private static final Pattern REVIEWS = Pattern.compile("^/pulls/(\\d+)/reviews$");
    private static final String JSON = "application/json;charset=utf-8";   // Gitea's spelling, no space
    private static final int DEFAULT_PAGING_NUM = 30;
    private static final int MAX_RESPONSE_ITEMS = 50;
    private static final int COMMITS_RANGE_SIZE = 50;
    private static final Comparator<ObjectNode> CREATED = Comparator.comparing(n -> instant(n, "created_at"));
    private static final Comparator<ObjectNode> UPDATED = Comparator.comparing(n -> instant(n, "updated_at"));
    private static final Comparator<ObjectNode> NUMBER = Comparator.comparingInt(n -> n.get("number").asInt());
    private static final Comparator<ObjectNode> COMMENTS = Comparator.comparingInt(n -> n.get("comments").asInt());

    private final Map<String, SimulatedGiteaRepository> repositories = new ConcurrentHashMap<>();
    private final AtomicLong repositoryIds = new AtomicLong(16267);
    private volatile String requiredToken;

    private GiteaSimulator(int port) throws IOException {
        super(port);
    }

    public static GiteaSimulator start(int port) throws IOException {
        return new GiteaSimulator(port);
    }

    /** {@code <baseUrl>/api/v1}: what the collector gets as GITEA_API_URL. */
    public String apiUrl() {
        return baseUrl() + "/api/v1";
    }

    /** A new, empty repository whose clock starts at 2024-01-01T00:00:00Z; its web address is {@code <baseUrl>/<owner>/<name>}. */
    public SimulatedGiteaRepository createRepository(String owner, String name) {
        SimulatedGiteaRepository repository = new SimulatedGiteaRepository(owner, name, repositoryIds.incrementAndGet(),
                baseUrl(), Instant.parse("2024-01-01T00:00:00Z"));
        repositories.put(key(owner, name), repository);
        return repository;
    }

    /** Requests must carry {@code Authorization: token <t>} or {@code Bearer <t>} (null: any token, or none). */
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
        h.put("Cache-Control", "max-age=0, private, must-revalidate, no-transform");
        h.put("Vary", "Origin");
        h.put("X-Content-Type-Options", "nosniff");
        return h;
    }

    @Override
    protected void route(Call call) throws IOException {
        if (!"GET".equals(call.method())) {
            error(call, 404, "404_not_found");
            return;
        }
        String token = bearer(call.header("Authorization"));
        if (requiredToken != null) {
            if (token == null) {
                error(call, 401, "401_token_required");
                return;
            }
            if (!token.equals(requiredToken)) {
                error(call, 401, "401_invalid_credentials");
                return;
            }
        }
        Matcher org = ORG_REPOS.matcher(call.path());
        if (org.matches()) {
            orgRepos(call, org.group(1));
            return;
        }
        Matcher m = REPO_PATH.matcher(call.path());
        SimulatedGiteaRepository repository = m.matches() ? repositories.get(key(m.group(1), m.group(2))) : null;
        if (repository == null) {
            error(call, 404, "404_not_found");
            return;
        }
        repository.faults().awaitGate();
        int failure = repository.faults().takeFailure();
        if (failure > 0) {
            String key = switch (failure) {
                case 401 -> "401_invalid_credentials";
                case 404 -> "404_not_found";
                case 409 -> "409_empty_repository";
                default -> "500_internal";
            };
            error(call, failure, key);
            return;
        }
        String rest = m.group(3) == null ? "" : m.group(3);
        Matcher reviews = REVIEWS.matcher(rest);
        switch (rest) {
            case "", "/" -> call.json(repository.repository(), Map.of("Content-Type", JSON));
            case "/commits" -> commits(call, repository);
            case "/pulls" -> pulls(call, repository);
            case "/issues" -> issues(call, repository);
            case "/issues/comments" -> comments(call, repository);
            case "/branch_protections" -> {
                // reqToken() guards this route even when no particular token is required.
                if (token == null) {
                    error(call, 401, "401_token_required");
                } else {
                    call.json(array(repository.branchProtections()), Map.of("Content-Type", JSON));
                }
            }
            default -> {
                if (reviews.matches()) {
                    reviews(call, repository, Integer.parseInt(reviews.group(1)));
                } else {
                    error(call, 404, "404_not_found");
                }
            }
        }
    }

    /** ListOrgRepos: the organization's repositories by id, with Link and X-Total-Count; 404 for no such organization. */
    private void orgRepos(Call call, String org) throws IOException {
        List<ObjectNode> listed = repositories.values().stream()
                .filter(r -> r.owner.equalsIgnoreCase(org))
                .sorted(java.util.Comparator.comparingLong(r -> r.id))
                .map(SimulatedGiteaRepository::repository)
                .toList();
        if (listed.isEmpty()) {
            error(call, 404, "404_not_found");
            return;
        }
        page(call, listed, true);
    }

    /** GetAllCommits: default branch newest first; stat/verification/files default true; since/until (Gitea 1.25) on committer date. */
    private void commits(Call call, SimulatedGiteaRepository repository) throws IOException {
        List<ObjectNode> all = repository.commits();
        if (all.isEmpty()) {
            error(call, 409, "409_empty_repository");
            return;
        }
        String sha = call.query("sha", "");
        if (!sha.isEmpty() && !sha.equals(SimulatedGiteaRepository.DEFAULT_BRANCH)) {
            int start = indexOfSha(all, sha);
            if (start < 0) {
                error(call, 404, "404_not_found");
                return;
            }
            all = all.subList(start, all.size());
        }
        Instant since = gitDate(call.query("since"));
        Instant until = gitDate(call.query("until"));
        Predicate<ObjectNode> inRange = c -> {
            Instant at = Instant.from(OffsetDateTime.parse(c.get("commit").get("committer").get("date").asText()));
            return (since == null || !at.isBefore(since)) && (until == null || !at.isAfter(until));
        };
        all = all.stream().filter(inRange).toList();
        boolean stat = formFlag(call.query("stat"));
        boolean files = formFlag(call.query("files"));
        boolean verification = formFlag(call.query("verification"));
        int page = Math.max(1, parseInt(call.query("page"), 0));
        int limit = Math.min(COMMITS_RANGE_SIZE, pageSize(call));
        ArrayNode body = Shapes.MAPPER.createArrayNode();
        all.stream().skip((long) (page - 1) * limit).limit(limit).forEach(c -> {
            ObjectNode copy = c.deepCopy();
            if (!stat) {
                copy.putNull("stats");
            }
            if (!files) {
                copy.putNull("files");
            }
            if (!verification) {
                ((ObjectNode) copy.get("commit")).putNull("verification");
            }
            body.add(copy);
        });
        int total = all.size();
        int pageCount = (total + limit - 1) / limit;
        Map<String, String> headers = paginationHeaders(call, total, limit, true);
        headers.put("X-Page", Integer.toString(page));
        headers.put("X-PerPage", Integer.toString(limit));
        headers.put("X-Total", Integer.toString(total));
        headers.put("X-PageCount", Integer.toString(pageCount));
        headers.put("X-HasMore", Boolean.toString(page < pageCount));
        headers.merge("Access-Control-Expose-Headers", "X-Page, X-PerPage, X-Total, X-PageCount, X-HasMore", (a, b) -> a + ", " + b);
        call.json(body, headers);
    }

    /** ListPullRequests: state open|closed|all, and when absent no filter at all (Gitea's handler passes "" on); sort as applySorts. */
    private void pulls(Call call, SimulatedGiteaRepository repository) throws IOException {
        String state = call.query("state", "").trim();
        List<ObjectNode> pulls = repository.pulls().stream()
                .filter(p -> !(state.equals("open") || state.equals("closed")) || p.get("state").asText().equals(state))
                .sorted(issueOrder(call.query("sort", "").trim()))
                .toList();
        page(call, pulls, true);
    }

    /** ListIssues: state open (default)|closed|all; type issues|pulls, both when absent; since/before on updated_at, inclusive. */
    private void issues(Call call, SimulatedGiteaRepository repository) throws IOException {
        Instant[] window = beforeSince(call);
        if (window == null) {
            return;
        }
        String state = call.query("state", "");
        String type = call.query("type", "");
        List<ObjectNode> issues = repository.issueList().stream()
                .filter(i -> state.equals("all") || i.get("state").asText().equals(state.equals("closed") ? "closed" : "open"))
                .filter(i -> !type.equals("issues") || i.get("pull_request").isNull())
                .filter(i -> !type.equals("pulls") || !i.get("pull_request").isNull())
                .filter(i -> updatedWithin(i, window))
                .sorted(CREATED.reversed().thenComparing(NUMBER.reversed()))
                .toList();
        page(call, issues, true);
    }

    /** ListRepoIssueComments: every comment of the repository, oldest first; since/before on updated_at; X-Total-Count but no Link. */
    private void comments(Call call, SimulatedGiteaRepository repository) throws IOException {
        Instant[] window = beforeSince(call);
        if (window == null) {
            return;
        }
        List<ObjectNode> comments = repository.comments().stream().filter(c -> updatedWithin(c, window)).toList();
        page(call, comments, false);
    }

    /** ListPullReviews: oldest first, X-Total-Count but no Link; 404 when the index is not a pull request. */
    private void reviews(Call call, SimulatedGiteaRepository repository, int number) throws IOException {
        List<ObjectNode> reviews = repository.reviews(number);
        if (reviews == null) {
            ObjectNode body = (ObjectNode) SimulatedGiteaRepository.SHAPES.keyed("errors", "404_not_found");
            body.put("message", "GetPullRequestByIndex");
            body.putArray("errors").add("pull request does not exist [id: 0, issue_id: 0, head_repo_id: 0, base_repo_id: "
                    + repository.id + ", head_branch: , base_branch: ]");
            sendError(call, 404, body);
            return;
        }
        page(call, reviews, false);
    }

    /** One page of a list; {@code link} is false where Gitea sets only X-Total-Count. */
    private void page(Call call, List<ObjectNode> all, boolean link) throws IOException {
        int page = Math.max(1, parseInt(call.query("page"), 0));
        int limit = pageSize(call);
        ArrayNode body = Shapes.MAPPER.createArrayNode();
        all.stream().skip((long) (page - 1) * limit).limit(limit).forEach(body::add);
        call.json(body, paginationHeaders(call, all.size(), limit, link));
    }

    private Map<String, String> paginationHeaders(Call call, int total, int pageSize, boolean link) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", JSON);
        List<String> exposed = new ArrayList<>();
        if (link) {
            List<String> links = links(call, total, pageSize);
            if (!links.isEmpty()) {
                h.put("Link", String.join(",", links));
                exposed.add("Link");
            }
        }
        h.put("X-Total-Count", Integer.toString(total));
        exposed.add("X-Total-Count");
        h.put("Access-Control-Expose-Headers", String.join(", ", exposed));
        return h;
    }

    /** Gitea's genAPILinks: a paginator over the raw {@code page} (clamped to 1..last), next, last, first, prev. */
    private List<String> links(Call call, int total, int pageSize) {
        int totalPages = total == 0 ? 1 : (total + pageSize - 1) / pageSize;
        int current = Math.min(Math.max(1, parseInt(call.query("page"), 0)), totalPages);
        boolean hasNext = total > current * pageSize;
        boolean isLast = total == 0 || (total > (current - 1) * pageSize && !hasNext);
        List<String> links = new ArrayList<>();
        if (hasNext) {
            links.add(link(call, current + 1, "next"));
        }
        if (!isLast) {
            links.add(link(call, totalPages, "last"));
        }
        if (current != 1) {
            links.add(link(call, 1, "first"));
        }
        if (current > 1) {
            links.add(link(call, current - 1, "prev"));
        }
        return links;
    }

    /** The request URL with {@code page} set, its query re-encoded as Go's url.Values.Encode does (keys sorted, repeats kept). */
    private String link(Call call, int page, String rel) {
        Map<String, List<String>> query = new TreeMap<>(call.queryMulti());
        query.put("page", List.of(Integer.toString(page)));
        StringBuilder q = new StringBuilder();
        query.forEach((k, values) -> values.forEach(v -> q.append(q.length() == 0 ? "" : "&")
                .append(formEscape(k)).append('=').append(formEscape(v))));
        return "<" + baseUrl() + call.rawPath() + "?" + q + ">; rel=\"" + rel + "\"";
    }

    /** Gitea's applySorts for issues and pulls; anything unknown sorts newest first. */
    private static Comparator<ObjectNode> issueOrder(String sort) {
        Comparator<ObjectNode> newest = CREATED.reversed().thenComparing(NUMBER.reversed());
        return switch (sort) {
            case "oldest" -> CREATED.thenComparing(NUMBER);
            case "recentupdate" -> UPDATED.reversed().thenComparing(newest);
            case "leastupdate" -> UPDATED.thenComparing(CREATED).thenComparing(NUMBER);
            case "mostcomment" -> COMMENTS.reversed().thenComparing(newest);
            case "leastcomment" -> COMMENTS.thenComparing(newest);
            default -> newest;   // "" and "priority" (all priorities are 0 here)
        };
    }

    /** context.GetQueryBeforeSince: RFC 3339 or 422; returns {before, since} (null when absent), or null after answering 422. */
    private Instant[] beforeSince(Call call) throws IOException {
        Instant[] window = new Instant[2];
        String[] names = {"before", "since"};
        for (int i = 0; i < 2; i++) {
            String value = call.query(names[i], "").trim();
            if (value.isEmpty()) {
                continue;
            }
            try {
                window[i] = Instant.from(OffsetDateTime.parse(value));
            } catch (DateTimeParseException e) {
                ObjectNode body = swaggerError();
                // Go's time.Parse wording; exact for a value that fails in its year.
                body.put("message", "parsing time \"" + value + "\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \""
                        + value + "\" as \"2006\"");
                sendError(call, 422, body);
                return null;
            }
        }
        return window;
    }

    /** Unix-second comparison, as Gitea stores updated_unix. */
    private static boolean updatedWithin(ObjectNode item, Instant[] window) {
        long updated = instant(item, "updated_at").getEpochSecond();
        return (window[1] == null || updated >= window[1].getEpochSecond())
                && (window[0] == null || updated <= window[0].getEpochSecond());
    }

    /** git log --since/--until accept many forms; this takes ISO-8601 and ignores what it cannot read. */
    private static Instant gitDate(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.from(OffsetDateTime.parse(value.trim()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** ParseCommitOptions: absent means true, otherwise Go's strconv.ParseBool (an unreadable value is false). */
    private static boolean formFlag(String value) {
        if (value == null || value.isEmpty()) {
            return true;
        }
        return switch (value) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            default -> false;
        };
    }

    /** convert.ToCorrectPageSize: limit <= 0 (or unreadable) means 30, above 50 means 50. */
    private static int pageSize(Call call) {
        int limit = parseInt(call.query("limit"), 0);
        return limit <= 0 ? DEFAULT_PAGING_NUM : Math.min(limit, MAX_RESPONSE_ITEMS);
    }

    private static int indexOfSha(List<ObjectNode> commits, String sha) {
        for (int i = 0; i < commits.size(); i++) {
            if (commits.get(i).get("sha").asText().startsWith(sha.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        return -1;
    }

    /** {@code token <t>} (lower case) or {@code Bearer <t>} (any case), as Gitea's auth reads the header. */
    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String[] parts = authorization.trim().split("\\s+");
        if (parts.length == 2 && (parts[0].equals("token") || parts[0].equalsIgnoreCase("bearer"))) {
            return parts[1];
        }
        return null;
    }

    private ObjectNode swaggerError() {
        return (ObjectNode) withBase(SimulatedGiteaRepository.SHAPES.keyed("errors", "500_internal"));
    }

    private void error(Call call, int status, String key) throws IOException {
        sendError(call, status, (ObjectNode) withBase(SimulatedGiteaRepository.SHAPES.keyed("errors", key)));
    }

    private void sendError(Call call, int status, ObjectNode body) throws IOException {
        call.send(status, JSON, withBase(body).toString(), Map.of());
    }

    /** Error bodies name the instance's swagger page: {@code <ROOT_URL>api/swagger}. */
    private JsonNode withBase(JsonNode body) {
        if (body.has("url")) {
            ((ObjectNode) body).put("url", baseUrl() + "/api/swagger");
        }
        return body;
    }

    private static ArrayNode array(List<ObjectNode> items) {
        ArrayNode array = Shapes.MAPPER.createArrayNode();
        items.forEach(array::add);
        return array;
    }

    private static Instant instant(JsonNode node, String field) {
        return Instant.from(OffsetDateTime.parse(node.get(field).asText()));
    }

    private static String key(String owner, String name) {
        return (owner + "/" + name).toLowerCase(Locale.ROOT);
    }
}
