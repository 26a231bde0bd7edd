package io.gitcollector.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One repository the simulator serves: its metadata, commits, pull requests and reviews, issues,
 * issue and review comments, contributors, teams, default-branch protection and workflow runs,
 * built from real GitHub shapes with the fields that matter set per item. Deterministic for a given
 * seed. Issues and pull requests share one number sequence, as on GitHub.
 */
public final class SimulatedRepository {

    private static final AtomicLong IDS = new AtomicLong(5_000_000);
    private static final String[] PEOPLE = {"octocat", "hubot", "monalisa", "dependabot[bot]", "mona-lisa"};
    static final String DEFAULT_BRANCH = "main";

    /** A team of the owner organization and its members (login → "maintainer" or "member"). */
    record Team(String org, long orgId, ObjectNode object, Map<String, String> members) {
    }

    /**
     * A commit's or pull request's diff size, as GitHub's GraphQL API serves it ({@code additions}, {@code deletions},
     * {@code changedFiles}); REST lists leave it out, so it is kept beside the REST objects.
     */
    public record LineCounts(int additions, int deletions, int changedFiles) {
    }

    final String owner;
    final String name;
    final long id;
    final String apiBase;
    final String webBase;
    private final ObjectNode repo;
    private final List<ObjectNode> commits = new ArrayList<>();       // newest first, like GitHub
    private final Map<String, List<?>> memos = new HashMap<>();
    private final Map<Integer, ObjectNode> pulls = new LinkedHashMap<>();
    private final Map<Integer, List<ObjectNode>> reviews = new LinkedHashMap<>();
    private final Map<Integer, ObjectNode> issues = new LinkedHashMap<>();       // real issues only
    private int highestNumber;                                                   // of issues and pull requests
    private final Map<Integer, Integer> issueCommentCounts = new HashMap<>();    // per issue or pull number
    private final List<ObjectNode> issueComments = new ArrayList<>();            // ascending id
    private final List<ObjectNode> reviewComments = new ArrayList<>();           // ascending id
    private final List<ObjectNode> contributors = new ArrayList<>();
    private final Map<String, Team> teams = new LinkedHashMap<>();               // by slug
    private final Map<Long, ObjectNode> runs = new LinkedHashMap<>();            // by id, oldest first
    private final Map<String, LineCounts> commitLineCounts = new HashMap<>();    // by sha
    private final GitHubItems items;
    private boolean defaultBranchProtected;
    private final java.util.Set<String> protectedBranches = new java.util.TreeSet<>();   // besides the default branch
    private Integer requiredApprovals;                                           // null: as recorded
    private volatile boolean teamsReadable = true;
    private volatile int teamsDeniedStatus = 404;
    private Instant clock;
    volatile String renamedTo;
    private final Faults faults = new Faults();

    SimulatedRepository(String owner, String name, String apiBase, String webBase, Instant start) {
        this.owner = owner;
        this.name = name;
        this.id = IDS.incrementAndGet();
        this.apiBase = apiBase;
        this.webBase = webBase;
        this.clock = start;
        this.repo = GitHubSimulator.SHAPES.example("repo");
        repo.put("id", id);
        repo.put("name", name);
        repo.put("full_name", owner + "/" + name);
        ((ObjectNode) repo.get("owner")).put("login", owner);
        repo.put("html_url", webBase + "/" + owner + "/" + name);
        repo.put("url", apiBase + "/repos/" + owner + "/" + name);
        repo.put("created_at", start.toString());
        repo.put("description", "Simulated repository " + owner + "/" + name);
        repo.put("language", "Java");
        // The pull requests' base branch; the recorded repository said "master".
        repo.put("default_branch", DEFAULT_BRANCH);
        items = new GitHubItems(owner, name, id, apiBase, webBase);
        touch();
    }

    /** Generates {@code commits} commits, {@code pulls} pull requests with up to {@code maxReviews} reviews each. */
    public SimulatedRepository seed(int commitCount, int pullCount, int maxReviews) {
        addCommits(commitCount);
        for (int i = 0; i < pullCount; i++) {
            int number = nextNumber();
            ObjectNode pull = newPull(number);
            int outcome = number % 3; // 0: merged, 1: open, 2: closed unmerged
            int reviewCount = number % (maxReviews + 1);
            for (int r = 0; r < reviewCount; r++) {
                addReview(number, r % 2 == 0 ? "APPROVED" : "COMMENTED");
            }
            if (outcome == 0) {
                merge(number);
            } else if (outcome == 2) {
                close(number);
            }
            pull.put("draft", number % 7 == 0 && outcome == 1);
        }
        return this;
    }

    /**
     * Like {@link #seed}, but every pull request gets exactly {@code reviewsPerPull} reviews (APPROVED and COMMENTED
     * in turn): a benchmark's counts are then plain products. Merged, open and closed in turn, as {@code seed} does.
     */
    public SimulatedRepository seedEvenly(int commitCount, int pullCount, int reviewsPerPull) {
        addCommits(commitCount);
        for (int i = 0; i < pullCount; i++) {
            int number = nextNumber();
            newPull(number);
            for (int r = 0; r < reviewsPerPull; r++) {
                addReview(number, r % 2 == 0 ? "APPROVED" : "COMMENTED");
            }
            switch (number % 3) {
                case 0 -> merge(number);
                case 2 -> close(number);
                default -> { }
            }
        }
        return this;
    }

    public synchronized List<String> addCommits(int count) {
        // Built oldest first and put in front in one move: one at a time at index 0 is quadratic (100,000 take minutes).
        List<ObjectNode> added = new ArrayList<>(count);
        String parent = commits.isEmpty() ? null : commits.get(0).get("sha").asText();
        for (int i = 0; i < count; i++) {
            ObjectNode commit = newCommit(tick(), commits.size() + i, parent);
            parent = commit.get("sha").asText();
            added.add(commit);
        }
        java.util.Collections.reverse(added);
        commits.addAll(0, added);
        List<String> shas = new ArrayList<>(count);
        for (int i = added.size() - 1; i >= 0; i--) {
            shas.add(added.get(i).get("sha").asText());
        }
        return shas;
    }

    /** GitHub's no-reply address of an account, which names it: {@code <id>+<login>@users.noreply.github.com} (a bot's too). */
    public static String noReplyEmail(String login) {
        return GitHubObjects.userId(login) + "+" + login + "@users.noreply.github.com";
    }

    /** One commit whose author and committer dates are {@code at} (a clock may be wrong: the future too). */
    public synchronized String addCommitAt(Instant at) {
        changed();
        ObjectNode commit = newCommit(at, commits.size(), commits.isEmpty() ? null : commits.get(0).get("sha").asText());
        commits.add(0, commit);
        return commit.get("sha").asText();
    }

    /** The commit number {@code index} (0 = the first ever), child of {@code parent} (null: a root commit). */
    private ObjectNode newCommit(Instant at, int index, String parent) {
        ObjectNode commit = GitHubSimulator.SHAPES.example("commit");
        String sha = sha1(owner + "/" + name + "#" + index);
        String person = PEOPLE[index % PEOPLE.length];
        commit.put("sha", sha);
        ObjectNode inner = (ObjectNode) commit.get("commit");
        ObjectNode author = (ObjectNode) inner.get("author");
        author.put("name", person + " name");
        String noReply = noReplyEmail(person);
        author.put("email", noReply);
        author.put("date", at.minusSeconds(30).toString());
        ObjectNode committer = (ObjectNode) inner.get("committer");
        committer.put("name", person + " name");
        committer.put("email", noReply);
        committer.put("date", at.toString());
        inner.put("message", "Change number " + index + " of " + name);
        commit.put("url", apiBase + "/repos/" + owner + "/" + name + "/commits/" + sha);
        commit.put("html_url", webBase + "/" + owner + "/" + name + "/commit/" + sha);
        ((ObjectNode) commit.get("author")).put("login", person);
        ((ObjectNode) commit.get("committer")).put("login", person);
        var parents = commit.putArray("parents");
        if (parent != null) {
            parents.addObject().put("sha", parent)
                    .put("url", apiBase + "/repos/" + owner + "/" + name + "/commits/" + parent);
        }
        // Deterministic and varied; 7 and 13 keep neighbouring commits apart.
        commitLineCounts.put(sha, new LineCounts(1 + index * 7 % 120, index * 13 % 40, 1 + index % 9));
        repo.put("pushed_at", clock.toString());
        touch();
        return commit;
    }

    public synchronized ObjectNode newPull(int number) {
        if (issues.containsKey(number)) {
            throw new IllegalArgumentException("#" + number + " is an issue: issues and pull requests share numbers");
        }
        Instant at = tick();
        ObjectNode pull = GitHubSimulator.SHAPES.example("pull");
        pull.put("id", id * 10_000 + number);
        pull.put("number", number);
        pull.put("title", "Pull request " + number);
        pull.put("state", "open");
        pull.putNull("closed_at");
        pull.putNull("merged_at");
        pull.putNull("merge_commit_sha");
        pull.put("created_at", at.toString());
        pull.put("updated_at", at.toString());
        pull.put("draft", false);
        ((ObjectNode) pull.get("user")).put("login", PEOPLE[number % PEOPLE.length]);
        ((ObjectNode) pull.get("head")).put("ref", "feature-" + number);
        ((ObjectNode) pull.get("head")).put("sha", sha1(owner + name + "head" + number));
        ((ObjectNode) pull.get("base")).put("ref", "main");
        pull.put("url", apiBase + "/repos/" + owner + "/" + name + "/pulls/" + number);
        pull.put("html_url", webBase + "/" + owner + "/" + name + "/pull/" + number);
        pulls.put(number, pull);
        highestNumber = Math.max(highestNumber, number);
        reviews.put(number, new ArrayList<>());
        return pull;
    }

    public synchronized void merge(int number) {
        Instant at = tick();
        ObjectNode pull = pulls.get(number);
        pull.put("state", "closed");
        pull.put("closed_at", at.toString());
        pull.put("merged_at", at.toString());
        pull.put("merge_commit_sha", sha1("merge" + number));
        pull.put("updated_at", at.toString());
    }

    public synchronized void close(int number) {
        Instant at = tick();
        ObjectNode pull = pulls.get(number);
        pull.put("state", "closed");
        pull.put("closed_at", at.toString());
        pull.put("updated_at", at.toString());
    }

    /** A submitted review; like GitHub, it moves the pull request's updated_at. */
    public synchronized long addReview(int number, String state) {
        Instant at = tick();
        ObjectNode review = GitHubSimulator.SHAPES.example("review");
        long reviewId = IDS.incrementAndGet();
        review.put("id", reviewId);
        review.put("state", state);
        review.put("submitted_at", at.toString());
        review.put("body", state + " review of " + number);
        ((ObjectNode) review.get("user")).put("login", PEOPLE[(int) (reviewId % PEOPLE.length)]);
        String pullUrl = apiBase + "/repos/" + owner + "/" + name + "/pulls/" + number;
        review.put("pull_request_url", pullUrl);
        review.put("html_url", webBase + "/" + owner + "/" + name + "/pull/" + number + "#pullrequestreview-" + reviewId);
        ((ObjectNode) review.get("_links").get("pull_request")).put("href", pullUrl);
        review.put("commit_id", pulls.get(number).get("head").get("sha").asText());
        reviews.get(number).add(review);
        pulls.get(number).put("updated_at", at.toString());
        return reviewId;
    }

    /**
     * Adds the other entities to an already seeded repository: {@code issueCount} issues (every fourth
     * closed), {@code commentsPerItem} issue comments on every issue and pull request,
     * {@code reviewCommentsPerPull} review comments on every pull request, {@code contributorCount}
     * contributors, {@code teamCount} teams with one to three members each, a protected default branch,
     * and {@code runCount} workflow runs (every fifth a failure, the newest still in progress when
     * there are three or more). Each item created ticks the clock.
     */
    public synchronized SimulatedRepository seedEverything(int issueCount, int commentsPerItem, int reviewCommentsPerPull,
            int contributorCount, int teamCount, int runCount) {
        for (int i = 0; i < issueCount; i++) {
            int number = openIssue();
            if (number % 4 == 0) {
                closeIssue(number);
            }
        }
        for (int number : itemNumbers()) {
            for (int c = 0; c < commentsPerItem; c++) {
                addIssueComment(number);
            }
        }
        for (int number : pullNumbers()) {
            for (int c = 0; c < reviewCommentsPerPull; c++) {
                addReviewComment(number);
            }
        }
        addContributors(contributorCount);
        addTeams(teamCount);
        protect(true);
        for (int r = 1; r <= runCount; r++) {
            if (r == runCount && runCount >= 3) {
                addRun("in_progress", null);
            } else {
                addRun("completed", r % 5 == 0 ? "failure" : "success");
            }
        }
        return this;
    }

    /** Opens an issue, numbered after every issue and pull request so far. */
    public synchronized int openIssue() {
        Instant at = tick();
        int number = nextNumber();
        issues.put(number, items.issue(issueId(number), number, PEOPLE[(number + 2) % PEOPLE.length], at));
        highestNumber = number;
        return number;
    }

    /** Closes an issue as completed (closed_by set), moving its updated_at. */
    public synchronized void closeIssue(int number) {
        ObjectNode issue = requireIssue(number);
        Instant at = tick();
        issue.put("state", "closed");
        issue.put("closed_at", at.toString());
        issue.put("updated_at", at.toString());
        issue.put("state_reason", "completed");
        issue.set("closed_by", items.closedBy(issue, PEOPLE[0]));
    }

    /** An issue comment on issue or pull request {@code number}; it moves that item's updated_at (a pull request's too). */
    public synchronized long addIssueComment(int number) {
        boolean onPull = pulls.containsKey(number);
        ObjectNode issue = onPull ? null : requireIssue(number);
        Instant at = tick();
        long commentId = IDS.incrementAndGet();
        issueComments.add(items.issueComment(commentId, number, onPull, PEOPLE[(int) (commentId % PEOPLE.length)], at));
        int count = issueCommentCounts.merge(number, 1, Integer::sum);
        if (onPull) {
            pulls.get(number).put("updated_at", at.toString());
        } else {
            issue.put("comments", count);
            issue.put("updated_at", at.toString());
        }
        return commentId;
    }

    /**
     * A review comment on pull request {@code pullNumber}, part of its newest review; a pull request
     * without reviews first gets a COMMENTED one, as a single comment makes on GitHub. Moves the pull
     * request's updated_at.
     */
    public synchronized long addReviewComment(int pullNumber) {
        changed();
        ObjectNode pull = pulls.get(pullNumber);
        if (pull == null) {
            throw new IllegalArgumentException("no pull request #" + pullNumber);
        }
        List<ObjectNode> submitted = reviews.get(pullNumber);
        long reviewId = submitted.isEmpty() ? addReview(pullNumber, "COMMENTED")
                : submitted.get(submitted.size() - 1).get("id").asLong();
        return addReviewComment(pullNumber, reviewId);
    }

    /**
     * Adds {@code reviewCount} reviews to pull request {@code number} (APPROVED and COMMENTED in turn), each with
     * {@code commentsPerReview} review comments: enough to overflow a page of nested reviews (GitHub pages by 100).
     *
     * @return the new reviews' ids, in order
     */
    public synchronized List<Long> seedReviews(int number, int reviewCount, int commentsPerReview) {
        List<Long> added = new ArrayList<>();
        for (int r = 0; r < reviewCount; r++) {
            long reviewId = addReview(number, r % 2 == 0 ? "APPROVED" : "COMMENTED");
            for (int c = 0; c < commentsPerReview; c++) {
                addReviewComment(number, reviewId);
            }
            added.add(reviewId);
        }
        return added;
    }

    /** A review comment on pull request {@code pullNumber}, part of review {@code reviewId}; moves the pull request's updated_at. */
    public synchronized long addReviewComment(int pullNumber, long reviewId) {
        ObjectNode pull = pulls.get(pullNumber);
        if (pull == null || reviews.get(pullNumber).stream().noneMatch(r -> r.get("id").asLong() == reviewId)) {
            throw new IllegalArgumentException("no review " + reviewId + " on pull request #" + pullNumber);
        }
        Instant at = tick();
        long commentId = IDS.incrementAndGet();
        reviewComments.add(items.reviewComment(commentId, reviewId, pull, PEOPLE[(int) (commentId % PEOPLE.length)], at));
        pull.put("updated_at", at.toString());
        return commentId;
    }

    /** A workflow run of the newest commit on the default branch; {@code conclusion} is null until completed. */
    public synchronized long addRun(String status, String conclusion) {
        Instant at = tick();
        long runId = IDS.incrementAndGet();
        int runNumber = runs.size() + 1;
        String sha = commits.isEmpty() ? sha1(owner + "/" + name + "#run" + runNumber) : commits.get(0).get("sha").asText();
        String message = commits.isEmpty() ? "Run " + runNumber : commits.get(0).get("commit").get("message").asText();
        runs.put(runId, items.run(runId, runNumber, IDS.incrementAndGet(), status, conclusion,
                PEOPLE[runNumber % PEOPLE.length], DEFAULT_BRANCH, sha, message, at));
        return runId;
    }

    /** Completes a run with {@code conclusion} ("success", "failure", "cancelled"…), moving its updated_at. */
    public synchronized void finishRun(long runId, String conclusion) {
        ObjectNode run = runs.get(runId);
        if (run == null) {
            throw new IllegalArgumentException("no workflow run " + runId);
        }
        Instant at = tick();
        run.put("status", "completed");
        run.put("conclusion", conclusion);
        run.put("updated_at", at.toString());
    }

    /** Adds {@code count} contributors, with distinct contribution counts in no particular order. */
    public synchronized void addContributors(int count) {
        changed();
        for (int i = 0; i < count; i++) {
            int index = contributors.size();
            String login = index < PEOPLE.length ? PEOPLE[index] : "contributor-" + (index + 1);
            // 7919 is coprime with 1009: the counts stay distinct for the first 1009 contributors.
            contributors.add(items.contributor(login, 1 + (int) ((index * 7919L + 500) % 1009)));
        }
    }

    /** Counts {@code count} more contributions for a contributor: the list's order (by count) may change. */
    public synchronized void addContributions(String login, int count) {
        changed();
        ObjectNode contributor = contributors.stream().filter(c -> c.path("login").asText().equals(login)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no contributor " + login));
        contributor.put("contributions", contributor.get("contributions").asInt() + count);
    }

    /** Adds {@code count} teams of the owner organization, each with one maintainer and up to two members. */
    public synchronized void addTeams(int count) {
        changed();
        long orgId = GitHubObjects.userId(owner);
        for (int i = 0; i < count; i++) {
            int t = teams.size() + 1;
            long teamId = id * 100 + t;
            String permission = new String[] {"pull", "push", "admin"}[t % 3];
            ObjectNode team = items.team(orgId, teamId, name + " team " + t, permission);
            Map<String, String> members = new LinkedHashMap<>();
            for (int m = 0; m <= t % 3; m++) {
                members.put(PEOPLE[(t + m) % PEOPLE.length], m == 0 ? "maintainer" : "member");
            }
            teams.put(team.get("slug").asText(), new Team(owner, orgId, team, members));
        }
    }

    /** Protects (or unprotects) the default branch: its protection answers the recorded shape, or 404 "Branch not protected". */
    public synchronized void protect(boolean on) {
        changed();
        defaultBranchProtected = on;
    }

    /**
     * Creates (if it is not there) a branch off the newest commit and protects it like the default branch, or
     * lifts its protection: {@code release/1.0} then lists as protected and its protection answers.
     */
    public synchronized void protectBranch(String branch, boolean on) {
        changed();
        if (on) {
            protectedBranches.add(branch);
        } else {
            protectedBranches.remove(branch);
        }
    }

    /** Changes every protection's required approving reviews: no push, no branch listed differently. */
    public synchronized void requireApprovals(int count) {
        changed();
        requiredApprovals = count;
    }

    /** Whether /teams may be read: false answers {@link #setTeamsDeniedStatus(int) 404} (GitHub's documented answer), as a token without access gets. */
    public void setTeamsReadable(boolean readable) {
        teamsReadable = readable;
    }

    /** The status of an unreadable /teams and team members: 404 Not Found (default) or 403 "Resource not accessible by integration". */
    public void setTeamsDeniedStatus(int status) {
        if (status != 403 && status != 404) {
            throw new IllegalArgumentException("403 or 404");
        }
        teamsDeniedStatus = status;
    }

    boolean teamsReadable() {
        return teamsReadable;
    }

    int teamsDeniedStatus() {
        return teamsDeniedStatus;
    }

    /** Error answers and held requests, injected by tests. */
    public Faults faults() {
        return faults;
    }

    /** Moves the repository to a new owner and name; the old address answers 301, as GitHub's does. */
    public synchronized void renameTo(String newOwner, String newName) {
        changed();
        renamedTo = newOwner + "/" + newName;
        repo.put("name", newName);
        repo.put("full_name", renamedTo);
        ((ObjectNode) repo.get("owner")).put("login", newOwner);
    }

    /** Removes a field from the commit with this sha: a malformed item, as a buggy API could send. */
    public synchronized void corruptCommit(String sha, String field) {
        changed();
        commits.stream().filter(c -> c.get("sha").asText().equals(sha)).findFirst().orElseThrow().remove(field);
    }

    synchronized ObjectNode repo() {
        // GitHub counts open issues and open pull requests alike.
        repo.put("open_issues_count", Stream.concat(pulls.values().stream(), issues.values().stream())
                .filter(p -> p.get("state").asText().equals("open")).count());
        return repo.deepCopy();
    }

    /** Issues and pull requests, as the issues endpoints list them, in number order (copies). */
    synchronized List<ObjectNode> issuesWithPulls() {
        List<ObjectNode> all = new ArrayList<>();
        for (int number : itemNumbers()) {
            ObjectNode pull = pulls.get(number);
            all.add(pull == null ? issues.get(number).deepCopy()
                    : items.pullAsIssue(pull, issueId(number), issueCommentCounts.getOrDefault(number, 0)));
        }
        return all;
    }

    /** Whether {@code number} is an issue or a pull request of this repository. */
    synchronized boolean hasItem(int number) {
        return issues.containsKey(number) || pulls.containsKey(number);
    }

    /** The repository's numeric id, as its repository_synced event names it. */
    public long repoId() {
        return id;
    }

    public synchronized boolean hasPull(int number) {
        return pulls.containsKey(number);
    }

    /** Issue comments of every issue and pull request, ascending id (copies). */
    public synchronized List<ObjectNode> issueComments() {
        return copies(issueComments);
    }

    /** Issue comments of one issue or pull request, ascending id (copies). */
    public synchronized List<ObjectNode> issueComments(int number) {
        String issueUrl = apiBase + "/repos/" + owner + "/" + name + "/issues/" + number;
        return copies(issueComments.stream().filter(c -> c.get("issue_url").asText().equals(issueUrl)).toList());
    }

    /** Review comments of every pull request, ascending id (copies). */
    public synchronized List<ObjectNode> reviewComments() {
        return copies(reviewComments);
    }

    /** Review comments of one pull request, ascending id (copies). */
    public synchronized List<ObjectNode> reviewComments(int pullNumber) {
        String pullUrl = apiBase + "/repos/" + owner + "/" + name + "/pulls/" + pullNumber;
        return copies(reviewComments.stream().filter(c -> c.get("pull_request_url").asText().equals(pullUrl)).toList());
    }

    /** Real issues only (no pull requests), in number order (copies). */
    public synchronized List<ObjectNode> issues() {
        return copies(issues.values());
    }

    /** Contributors as GitHub serves them: most contributions first (copies). */
    public synchronized List<ObjectNode> contributors() {
        return copies(contributors.stream()
                .sorted(Comparator.comparingInt((ObjectNode c) -> c.get("contributions").asInt()).reversed()).toList());
    }

    /** Teams with access to the repository, in creation order (copies). */
    public synchronized List<ObjectNode> teams() {
        return copies(teams.values().stream().map(Team::object).toList());
    }

    /** Members of team {@code slug} as simple users, maintainers and members alike; empty for an unknown team. */
    public List<ObjectNode> teamMembers(String slug) {
        return teamMembers(slug, "all");
    }

    /** Members of team {@code slug} with {@code role} ("all", "maintainer" or "member"), as GitHub's role filter picks them. */
    public synchronized List<ObjectNode> teamMembers(String slug, String role) {
        Team team = teams.get(slug);
        if (team == null) {
            return List.of();
        }
        return team.members().entrySet().stream()
                .filter(m -> role.equals("all") || m.getValue().equals(role))
                .map(m -> items.member(m.getKey())).toList();
    }

    /** The team {@code slug} of organization {@code org}, or null. */
    synchronized Team team(String org, String slug) {
        Team team = teams.get(slug);
        return team != null && team.org().equalsIgnoreCase(org) ? team : null;
    }

    /** The team with this organization and team id, or null. */
    synchronized Team team(long orgId, long teamId) {
        return teams.values().stream()
                .filter(t -> t.orgId() == orgId && t.object().get("id").asLong() == teamId).findFirst().orElse(null);
    }

    /** The default branch's protection as served, or null when it is not protected. */
    public synchronized ObjectNode protection() {
        return protection(DEFAULT_BRANCH);
    }

    /** A branch's protection as served, or null when it is not protected. */
    public synchronized ObjectNode protection(String branch) {
        if (!isProtected(branch)) {
            return null;
        }
        ObjectNode team = teams.isEmpty() ? null : teams.values().iterator().next().object().deepCopy();
        ObjectNode protection = items.protection(branch, PEOPLE[0], team);
        if (requiredApprovals != null) {
            ((ObjectNode) protection.get("required_pull_request_reviews")).put("required_approving_review_count", requiredApprovals);
        }
        return protection;
    }

    /** The protected branches' names, the default branch first when it is one. */
    public synchronized List<String> protectedBranchNames() {
        List<String> names = new ArrayList<>();
        if (defaultBranchProtected) {
            names.add(DEFAULT_BRANCH);
        }
        names.addAll(protectedBranches);
        return names;
    }

    private boolean isProtected(String branch) {
        return branch.equals(DEFAULT_BRANCH) ? defaultBranchProtected : protectedBranches.contains(branch);
    }

    /**
     * GET /branches as GitHub lists them, by name: the default branch, the pull requests' head branches and the
     * branches protected with {@link #protectBranch}; {@code onlyProtected} true/false keeps those that are/are
     * not protected, null keeps all.
     */
    synchronized List<ObjectNode> branches(Boolean onlyProtected) {
        Map<String, String> heads = new java.util.TreeMap<>();
        String newest = commits.isEmpty() ? sha1(owner + "/" + name + "#empty") : commits.get(0).get("sha").asText();
        heads.put(DEFAULT_BRANCH, newest);
        protectedBranches.forEach(b -> heads.put(b, newest));
        pulls.values().forEach(p -> heads.putIfAbsent(p.get("head").get("ref").asText(), p.get("head").get("sha").asText()));
        List<ObjectNode> list = new ArrayList<>();
        heads.forEach((branch, sha) -> {
            if (onlyProtected == null || onlyProtected == isProtected(branch)) {
                list.add(items.branch(branch, sha, isProtected(branch)));
            }
        });
        return list;
    }

    /** Whether a branch exists: the default branch, the pull requests' head branches and protected ones. */
    synchronized boolean hasBranch(String branch) {
        return branch.equals(DEFAULT_BRANCH) || protectedBranches.contains(branch)
                || pulls.values().stream().anyMatch(p -> p.get("head").get("ref").asText().equals(branch));
    }

    /** Workflow runs, newest first (copies). */
    public synchronized List<ObjectNode> runs() {
        List<ObjectNode> newestFirst = new ArrayList<>(copies(runs.values()));
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** Every commit, newest first: one copy, shared until the repository changes (see {@link #memo}). */
    synchronized List<ObjectNode> commits() {
        return memo("commits", () -> List.copyOf(commits));
    }

    synchronized List<ObjectNode> pulls() {
        return List.copyOf(pulls.values());
    }

    synchronized List<ObjectNode> reviews(int number) {
        List<ObjectNode> list = reviews.get(number);
        return list == null ? null : List.copyOf(list);
    }

    /** The diff size of commit {@code sha}, or null for a commit this repository does not have. */
    public synchronized LineCounts commitLineCounts(String sha) {
        return commitLineCounts.get(sha);
    }

    /** The diff size of pull request {@code number}: deterministic from its number (REST lists do not carry it). */
    public LineCounts pullLineCounts(int number) {
        return new LineCounts(3 + number * 11 % 300, number * 5 % 90, 1 + number % 12);
    }

    /** Number of the pull request with database id {@code pullId}, or 0: ids are repository id × 10 000 + number. */
    int pullNumberOf(long pullId) {
        long number = pullId - id * 10_000;
        return number > 0 && number < 10_000 && hasPull((int) number) ? (int) number : 0;
    }

    /** Every commit sha, review id and pull request id+updated_at: what a full sync must publish. */
    public synchronized List<String> commitShas() {
        return commits.stream().map(c -> c.get("sha").asText()).toList();
    }

    public synchronized List<Long> pullIds() {
        return pulls.values().stream().map(p -> p.get("id").asLong()).toList();
    }

    public synchronized List<Long> reviewIds() {
        return reviews.values().stream().flatMap(List::stream).map(r -> r.get("id").asLong()).toList();
    }

    public synchronized ObjectNode pull(int number) {
        return pulls.get(number).deepCopy();
    }

    public String url() {
        return webBase + "/" + owner + "/" + name;
    }

    /** The next free number: issues and pull requests share one sequence. */
    private int nextNumber() {
        return highestNumber + 1;
    }

    /** Every issue and pull request number, ascending. */
    private List<Integer> itemNumbers() {
        return Stream.concat(pulls.keySet().stream(), issues.keySet().stream()).sorted().toList();
    }

    private List<Integer> pullNumbers() {
        return List.copyOf(pulls.keySet());
    }

    /** An issue's id: distinct from the pull request ids (repository id × 10 000 + number) and across repositories. */
    private long issueId(int number) {
        return id * 100_000 + number;
    }

    private ObjectNode requireIssue(int number) {
        ObjectNode issue = issues.get(number);
        if (issue == null) {
            throw new IllegalArgumentException("no issue #" + number + (pulls.containsKey(number) ? " (a pull request)" : ""));
        }
        return issue;
    }

    private static List<ObjectNode> copies(java.util.Collection<ObjectNode> nodes) {
        return nodes.stream().map(ObjectNode::deepCopy).toList();
    }

    private Instant tick() {
        changed();
        clock = clock.plusSeconds(600);
        return clock;
    }

    private void touch() {
        changed();
        repo.put("updated_at", clock.toString());
    }

    /** Anything served may differ from here on: what {@link #memo} kept is dropped. */
    private void changed() {
        memos.clear();
    }

    /**
     * A list worked out from this repository's state (a filtered, sorted listing), kept until the repository next
     * changes: the pages of one listing then cost their own size, not the whole repository's each, so a benchmark
     * measures the collector rather than the simulator.
     */
    @SuppressWarnings("unchecked")
    synchronized <T> List<T> memo(String key, java.util.function.Supplier<List<T>> work) {
        return (List<T>) memos.computeIfAbsent(key, k -> work.get());
    }

    static String sha1(String text) {
        return SimulatorServer.sha1(text);
    }

    /** Orders by a time field. */
    static Comparator<ObjectNode> byField(String field) {
        return (a, b) -> {
            String x = a.get(field).asText();
            String y = b.get(field).asText();
            // Whole UTC seconds as Instant writes them (every time the clock makes): their text order is their time
            // order. Parsing instead, at each of a sort's comparisons, made a page of a 25,000-item list cost 100 ms.
            if (x.length() == 20 && y.length() == 20 && x.charAt(19) == 'Z' && y.charAt(19) == 'Z') {
                return x.compareTo(y);
            }
            return Instant.parse(x).compareTo(Instant.parse(y));
        };
    }
}
