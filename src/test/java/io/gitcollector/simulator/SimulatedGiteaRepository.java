package io.gitcollector.simulator;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One Gitea repository the simulator serves, built from the recorded gitea.com shapes
 * (api-shapes/gitea) with the fields that vary set per item. Issues and pull requests share one
 * number sequence, as in Gitea. Every mutation ticks a clock by 600 s (from the creation instant)
 * and moves the {@code updated_at} that Gitea moves. Deterministic for a given sequence of calls.
 */
public final class SimulatedGiteaRepository {

    static final Shapes SHAPES = new Shapes("gitea");
    /** Gitea's zero time, which it writes for a parent commit's {@code created}. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    public static final String DEFAULT_BRANCH = "main";
    private static final String[] PEOPLE = {"6543", "techknowlogick", "lunny", "delvh", "wxiaoguang"};
    private static final Set<String> REVIEW_STATES = Set.of("APPROVED", "REQUEST_CHANGES", "COMMENT", "PENDING", "REQUEST_REVIEW");

    final String owner;
    final String name;
    final long id;
    private final String base;
    private final String api;
    private final String web;
    private final Faults faults = new Faults();
    private long nextId;
    private int lastIndex;                                            // shared issue/pull sequence
    private Instant clock;
    private final ObjectNode repo;
    private final List<ObjectNode> commits = new ArrayList<>();      // newest first, like git log
    private final Map<Integer, ObjectNode> pulls = new LinkedHashMap<>();
    private final Map<Integer, List<ObjectNode>> reviews = new LinkedHashMap<>();
    private final Map<Integer, ObjectNode> issues = new LinkedHashMap<>();   // plain issues
    private final Map<Integer, Long> pullIssueIds = new LinkedHashMap<>();  // a pull's row in the issue table
    private final List<ObjectNode> comments = new ArrayList<>();            // creation order
    private final List<ObjectNode> protections = new ArrayList<>();

    SimulatedGiteaRepository(String owner, String name, long id, String baseUrl, Instant start) {
        this.owner = owner;
        this.name = name;
        this.id = id;
        this.base = baseUrl;
        this.api = baseUrl + "/api/v1/repos/" + owner + "/" + name;
        this.web = baseUrl + "/" + owner + "/" + name;
        this.nextId = id * 1_000_000;
        this.clock = start;
        this.repo = newRepository(start);
        addBranchProtection(DEFAULT_BRANCH);
    }

    private ObjectNode newRepository(Instant start) {
        ObjectNode r = SHAPES.example("repository");
        String host = URI.create(base).getHost();
        r.put("id", id);
        r.set("owner", user(owner));
        r.put("name", name);
        r.put("full_name", owner + "/" + name);
        r.put("description", "Simulated repository " + owner + "/" + name);
        r.put("empty", true);
        r.put("size", 0);
        r.put("languages_url", api + "/languages");
        r.put("html_url", web);
        r.put("url", api);
        r.put("ssh_url", "git@" + host + ":" + owner + "/" + name + ".git");
        r.put("clone_url", web + ".git");
        r.put("website", "");
        r.put("stars_count", 0);
        r.put("forks_count", 0);
        r.put("watchers_count", 1);
        r.put("release_counter", 0);
        r.put("default_branch", DEFAULT_BRANCH);
        r.put("created_at", start.toString());
        r.put("updated_at", start.toString());
        // The collector's token is assumed to be an admin's: branch_protections needs it.
        ((ObjectNode) r.get("permissions")).put("admin", true).put("push", true).put("pull", true);
        r.putArray("topics");
        return r;
    }

    /**
     * Generates {@code commitCount} commits, then {@code pullCount} pull requests (up to
     * {@code maxReviews} reviews each) interleaved with {@code issueCount} issues
     * ({@code commentsPerIssue} comments each), so the shared number sequence alternates.
     */
    public SimulatedGiteaRepository seed(int commitCount, int pullCount, int maxReviews, int issueCount, int commentsPerIssue) {
        addCommits(commitCount);
        String[] states = {"APPROVED", "REQUEST_CHANGES", "COMMENT"};
        for (int k = 0; k < Math.max(pullCount, issueCount); k++) {
            if (k < pullCount) {
                int number = openPull();
                for (int r = 0; r < number % (maxReviews + 1); r++) {
                    addReview(number, states[r % states.length]);
                }
                if (number % 3 == 0) {
                    merge(number);
                } else if (number % 3 == 2) {
                    close(number);
                } else if (number % 7 == 0) {
                    markDraft(number);
                }
            }
            if (k < issueCount) {
                int number = openIssue();
                for (int c = 0; c < commentsPerIssue; c++) {
                    addIssueComment(number);
                }
                if (number % 4 == 0) {
                    closeIssue(number);
                }
            }
        }
        return this;
    }

    /** {@code count} commits on the default branch, newest first in the list; returns their shas in creation order. */
    public synchronized List<String> addCommits(int count) {
        List<String> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            added.add(addCommit(tick()));
        }
        return added;
    }

    private String addCommit(Instant at) {
        int index = commits.size();
        String sha = SimulatorServer.sha1(owner + "/" + name + "#" + index);
        // Every fifth commit comes from an address no Gitea account has: author and committer are then null.
        boolean external = index % 5 == 4;
        String login = PEOPLE[index % PEOPLE.length];
        String personName = external ? "Jane External" : login;
        String email = external ? "jane@external.example" : noreplyEmail(login);
        ObjectNode example = SHAPES.example("commit", 0);
        ObjectNode commit = Shapes.MAPPER.createObjectNode();
        commit.put("url", api + "/git/commits/" + sha);
        commit.put("sha", sha);
        commit.put("created", at.toString());
        commit.put("html_url", web + "/commit/" + sha);
        ObjectNode inner = (ObjectNode) example.get("commit");
        inner.put("url", api + "/git/commits/" + sha);
        ((ObjectNode) inner.get("author")).put("name", personName).put("email", email).put("date", at.minusSeconds(60).toString());
        ((ObjectNode) inner.get("committer")).put("name", personName).put("email", email).put("date", at.toString());
        inner.put("message", "Change number " + index + " of " + name + "\n");
        ((ObjectNode) inner.get("tree")).put("url", api + "/git/trees/" + sha).put("sha", sha).put("created", at.toString());
        commit.set("commit", inner);
        commit.set("author", external ? null : user(login));
        commit.set("committer", external ? null : user(login));
        ArrayNode parents = commit.putArray("parents");
        if (!commits.isEmpty()) {
            String parent = commits.get(0).get("sha").asText();
            parents.addObject().put("url", api + "/git/commits/" + parent).put("sha", parent).put("created", ZERO_TIME);
        }
        ArrayNode files = commit.putArray("files");
        files.addObject().put("filename", index == 0 ? "README.md" : "src/file-" + (index % 10) + ".txt")
                .put("status", index < 10 ? "added" : "modified");
        int additions = index % 7 + 1;
        int deletions = index < 10 ? 0 : index % 3;
        commit.putObject("stats").put("total", additions + deletions).put("additions", additions).put("deletions", deletions);
        commits.add(0, commit);
        repo.put("empty", false);
        repo.put("size", 10 + commits.size());
        repo.put("updated_at", at.toString());
        return sha;
    }

    /** Opens a pull request (head {@code feature-N} into {@code main}); returns its number. */
    public synchronized int openPull() {
        Instant at = tick();
        int number = ++lastIndex;
        ObjectNode pull = SHAPES.example("pull", 0);
        pull.put("id", newId());
        pullIssueIds.put(number, newId());
        pull.put("url", web + "/pulls/" + number);   // Gitea's pull "url" is the web page, as recorded
        pull.put("number", number);
        pull.set("user", user(PEOPLE[number % PEOPLE.length]));
        pull.put("title", "Pull request " + number);
        pull.put("body", "Changes for pull request " + number);
        pull.put("state", "open");
        pull.put("draft", false);
        pull.put("is_locked", false);
        pull.put("comments", 0);
        pull.put("review_comments", 0);
        pull.put("html_url", web + "/pulls/" + number);
        pull.put("diff_url", web + "/pulls/" + number + ".diff");
        pull.put("patch_url", web + "/pulls/" + number + ".patch");
        String baseSha = commits.isEmpty() ? "" : commits.get(0).get("sha").asText();
        ObjectNode baseRef = (ObjectNode) pull.get("base");
        baseRef.put("label", DEFAULT_BRANCH).put("ref", DEFAULT_BRANCH).put("sha", baseSha).put("repo_id", id);
        ObjectNode head = (ObjectNode) pull.get("head");
        head.put("label", "feature-" + number).put("ref", "feature-" + number)
                .put("sha", SimulatorServer.sha1(owner + "/" + name + "/head/" + number)).put("repo_id", id);
        pull.put("merge_base", baseSha);
        pull.put("created_at", at.toString());
        pull.put("updated_at", at.toString());
        pull.putNull("closed_at");
        pulls.put(number, pull);
        reviews.put(number, new ArrayList<>());
        return number;
    }

    /** Merges an open pull request: closed, merged, {@code merged_at}/{@code closed_at}/{@code updated_at} now. */
    public synchronized void merge(int number) {
        Instant at = tick();
        ObjectNode pull = pull(number, "merge");
        pull.put("state", "closed");
        pull.put("merged", true);
        pull.put("merged_at", at.toString());
        pull.put("merge_commit_sha", SimulatorServer.sha1(owner + "/" + name + "/merge/" + number));
        pull.set("merged_by", user(owner));
        pull.put("closed_at", at.toString());
        pull.put("updated_at", at.toString());
    }

    /** Closes a pull request without merging it. */
    public synchronized void close(int number) {
        Instant at = tick();
        ObjectNode pull = pull(number, "close");
        pull.put("state", "closed");
        pull.put("closed_at", at.toString());
        pull.put("updated_at", at.toString());
    }

    /** Marks an open pull request as a draft (work in progress). */
    public synchronized void markDraft(int number) {
        Instant at = tick();
        ObjectNode pull = pull(number, "markDraft");
        pull.put("draft", true);
        pull.put("title", "WIP: " + pull.get("title").asText());
        pull.put("updated_at", at.toString());
    }

    /**
     * A submitted review (APPROVED, REQUEST_CHANGES or COMMENT; PENDING and REQUEST_REVIEW are
     * accepted too). Like Gitea it moves the pull request's {@code updated_at}, not its {@code comments}.
     */
    public synchronized long addReview(int number, String state) {
        if (!REVIEW_STATES.contains(state)) {
            throw new IllegalArgumentException("Gitea has no review state " + state + "; known: " + REVIEW_STATES);
        }
        Instant at = tick();
        ObjectNode pull = pull(number, "addReview");
        List<ObjectNode> list = reviews.get(number);
        ObjectNode review = SHAPES.example("review", 0);
        long reviewId = newId();
        review.put("id", reviewId);
        review.set("user", user(PEOPLE[(number + list.size() + 1) % PEOPLE.length]));
        review.put("state", state);
        review.put("body", state.equals("APPROVED") ? "" : state.toLowerCase() + " review " + (list.size() + 1) + " of #" + number);
        review.put("commit_id", pull.get("head").get("sha").asText());
        review.put("stale", false);
        review.put("official", state.equals("APPROVED"));
        review.put("dismissed", false);
        review.put("comments_count", 0);
        review.put("submitted_at", at.toString());
        review.put("updated_at", at.toString());
        // A review is also a timeline comment; its anchor is that comment's id.
        review.put("html_url", web + "/pulls/" + number + "#issuecomment-" + newId());
        review.put("pull_request_url", web + "/pulls/" + number);
        list.add(review);
        pull.put("updated_at", at.toString());
        return reviewId;
    }

    /** Opens an issue (next number of the shared sequence); returns its number. */
    public synchronized int openIssue() {
        Instant at = tick();
        int number = ++lastIndex;
        ObjectNode issue = SHAPES.example("issue", 0);
        issue.put("id", newId());
        issue.put("url", api + "/issues/" + number);
        issue.put("html_url", web + "/issues/" + number);
        issue.put("number", number);
        issue.set("user", user(PEOPLE[(number + 2) % PEOPLE.length]));
        issue.put("title", "Issue " + number);
        issue.put("body", "Description of issue " + number);
        issue.putArray("labels");
        issue.putNull("milestone");
        issue.put("state", "open");
        issue.put("is_locked", false);
        issue.put("comments", 0);
        issue.put("created_at", at.toString());
        issue.put("updated_at", at.toString());
        issue.putNull("closed_at");
        issue.putNull("pull_request");
        issue.set("repository", repositoryMeta());
        issues.put(number, issue);
        return number;
    }

    public synchronized void closeIssue(int number) {
        Instant at = tick();
        ObjectNode issue = issues.get(number);
        if (issue == null) {
            throw new IllegalArgumentException("no issue #" + number + " in " + owner + "/" + name);
        }
        issue.put("state", "closed");
        issue.put("closed_at", at.toString());
        issue.put("updated_at", at.toString());
    }

    /** A comment on issue or pull request {@code number}; moves its {@code updated_at} and {@code comments}. Returns the comment id. */
    public synchronized long addIssueComment(int number) {
        ObjectNode target = issues.containsKey(number) ? issues.get(number) : pulls.get(number);
        if (target == null) {
            throw new IllegalArgumentException("no issue or pull request #" + number + " in " + owner + "/" + name);
        }
        Instant at = tick();
        boolean isPull = pulls.containsKey(number);
        String page = web + (isPull ? "/pulls/" : "/issues/") + number;
        ObjectNode comment = SHAPES.example("issue_comment", 0);
        long commentId = newId();
        comment.put("id", commentId);
        comment.put("html_url", page + "#issuecomment-" + commentId);
        comment.put("pull_request_url", isPull ? page : "");
        comment.put("issue_url", isPull ? "" : page);
        comment.set("user", user(PEOPLE[(int) (commentId % PEOPLE.length)]));
        comment.put("body", "Comment " + (target.get("comments").asInt() + 1) + " on #" + number);
        comment.put("created_at", at.toString());
        comment.put("updated_at", at.toString());
        comments.add(comment);
        target.put("comments", target.get("comments").asInt() + 1);
        target.put("updated_at", at.toString());
        return commentId;
    }

    /** Error answers and held requests, injected by tests. */
    public Faults faults() {
        return faults;
    }

    /** {@code <baseUrl>/<owner>/<name>}: the repository's web address, what the collector is triggered with. */
    public String url() {
        return web;
    }

    // --- accessors: deep copies, in the shape the API serves them ---

    /** The repository as {@code GET /repos/{owner}/{repo}} serves it. */
    public synchronized ObjectNode repository() {
        repo.put("open_issues_count", issues.values().stream().filter(i -> i.get("state").asText().equals("open")).count());
        repo.put("open_pr_counter", pulls.values().stream().filter(p -> p.get("state").asText().equals("open")).count());
        return repo.deepCopy();
    }

    /** Every commit of the default branch, newest first, with stats, files and verification. */
    public synchronized List<ObjectNode> commits() {
        return commits.stream().map(ObjectNode::deepCopy).toList();
    }

    /** Every pull request by number, with {@code base.repo} and {@code head.repo} filled in. */
    public synchronized List<ObjectNode> pulls() {
        ObjectNode current = repository();
        List<ObjectNode> list = new ArrayList<>();
        for (ObjectNode pull : pulls.values()) {
            ObjectNode copy = pull.deepCopy();
            ((ObjectNode) copy.get("base")).set("repo", current.deepCopy());
            ((ObjectNode) copy.get("head")).set("repo", current.deepCopy());
            list.add(copy);
        }
        return list;
    }

    /** The reviews of pull request {@code number} in submission order, or null when there is no such pull request. */
    public synchronized List<ObjectNode> reviews(int number) {
        List<ObjectNode> list = reviews.get(number);
        return list == null ? null : list.stream().map(ObjectNode::deepCopy).toList();
    }

    /** The plain issues (not pull requests) by number. */
    public synchronized List<ObjectNode> issues() {
        return issues.values().stream().map(ObjectNode::deepCopy).toList();
    }

    /**
     * Everything {@code /issues} can list, by number: plain issues and pull requests in issue
     * form ({@code pull_request} is {@code {merged, merged_at, draft, html_url}} for those).
     */
    public synchronized List<ObjectNode> issueList() {
        List<ObjectNode> all = new ArrayList<>();
        for (int number = 1; number <= lastIndex; number++) {
            all.add(issues.containsKey(number) ? issues.get(number).deepCopy() : pullAsIssue(pulls.get(number)));
        }
        return all;
    }

    /** Every issue and pull request comment of the repository, in creation order. */
    public synchronized List<ObjectNode> comments() {
        return comments.stream().map(ObjectNode::deepCopy).toList();
    }

    /** One more protection rule, on the branch (or glob) {@code rule}. */
    public synchronized void addBranchProtection(String rule) {
        ObjectNode protection = SHAPES.example("branch_protection");
        protection.put("branch_name", rule);
        protection.put("rule_name", rule);
        protection.put("created_at", clock.toString());
        protection.put("updated_at", clock.toString());
        protections.add(protection);
    }

    public synchronized List<ObjectNode> branchProtections() {
        return protections.stream().map(ObjectNode::deepCopy).toList();
    }

    /** The pull request as an issue, as Gitea's issue list shows it: its own issue id, a web {@code html_url} under /pulls/. */
    private ObjectNode pullAsIssue(ObjectNode pull) {
        int number = pull.get("number").asInt();
        ObjectNode issue = SHAPES.example("issue", 0);
        issue.put("id", pullIssueIds.get(number));
        issue.put("url", api + "/issues/" + number);
        issue.put("html_url", web + "/pulls/" + number);
        issue.put("number", number);
        issue.set("user", pull.get("user").deepCopy());
        issue.put("title", pull.get("title").asText());
        issue.put("body", pull.get("body").asText());
        issue.putArray("labels");
        issue.putNull("milestone");
        issue.put("state", pull.get("state").asText());
        issue.put("is_locked", false);
        issue.put("comments", pull.get("comments").asInt());
        issue.set("created_at", pull.get("created_at"));
        issue.set("updated_at", pull.get("updated_at"));
        issue.set("closed_at", pull.get("closed_at"));
        ObjectNode meta = issue.putObject("pull_request");   // api.PullRequestMeta, field order of the struct
        meta.put("merged", pull.get("merged").asBoolean());
        meta.set("merged_at", pull.get("merged_at"));
        meta.put("draft", pull.get("draft").asBoolean());
        meta.put("html_url", web + "/pulls/" + number);
        issue.set("repository", repositoryMeta());
        return issue;
    }

    private ObjectNode repositoryMeta() {
        ObjectNode meta = Shapes.MAPPER.createObjectNode();
        return meta.put("id", id).put("name", name).put("owner", owner).put("full_name", owner + "/" + name);
    }

    /** A Gitea user object (the recorded gitea.com one) for {@code login}, every URL on the simulator. */
    JsonNode user(String login) {
        ObjectNode user = (ObjectNode) SHAPES.example("pull", 0).get("user");
        long userId = 1000 + Math.floorMod(login.hashCode(), 9000);
        user.put("id", userId);
        user.put("login", login);
        user.put("full_name", login);
        user.put("email", noreplyEmail(login));
        user.put("avatar_url", base + "/avatars/" + SimulatorServer.md5(login));
        user.put("html_url", base + "/" + login);
        user.put("location", "");
        user.put("website", "");
        user.put("description", "");
        user.put("username", login);
        return user;
    }

    private String noreplyEmail(String login) {
        return login + "@noreply." + URI.create(base).getHost();
    }

    private ObjectNode pull(int number, String action) {
        ObjectNode pull = pulls.get(number);
        if (pull == null) {
            throw new IllegalArgumentException("cannot " + action + ": no pull request #" + number + " in " + owner + "/" + name);
        }
        return pull;
    }

    private long newId() {
        return ++nextId;
    }

    private Instant tick() {
        clock = clock.plusSeconds(600);
        return clock;
    }
}
