package io.gitcollector.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One repository the simulator serves: its metadata, commits, pull requests and reviews, built
 * from real GitHub shapes with the fields that matter set per item. Deterministic for a given seed.
 */
public final class SimulatedRepository {

    private static final AtomicLong IDS = new AtomicLong(5_000_000);
    private static final String[] PEOPLE = {"octocat", "hubot", "monalisa", "dependabot[bot]", "mona-lisa"};

    final String owner;
    final String name;
    final long id;
    final String apiBase;
    final String webBase;
    private final ObjectNode repo;
    private final List<ObjectNode> commits = new ArrayList<>();       // newest first, like GitHub
    private final Map<Integer, ObjectNode> pulls = new LinkedHashMap<>();
    private final Map<Integer, List<ObjectNode>> reviews = new LinkedHashMap<>();
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
        touch();
    }

    /** Generates {@code commits} commits, {@code pulls} pull requests with up to {@code maxReviews} reviews each. */
    public SimulatedRepository seed(int commitCount, int pullCount, int maxReviews) {
        addCommits(commitCount);
        for (int i = 0; i < pullCount; i++) {
            int number = pulls.size() + 1;
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

    public synchronized List<String> addCommits(int count) {
        List<String> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            added.add(addCommitAt(tick()));
        }
        return added;
    }

    /** One commit whose author and committer dates are {@code at} (a clock may be wrong: the future too). */
    public synchronized String addCommitAt(Instant at) {
        ObjectNode commit = GitHubSimulator.SHAPES.example("commit");
        int index = commits.size();
        String sha = sha1(owner + "/" + name + "#" + index);
        String person = PEOPLE[index % PEOPLE.length];
        commit.put("sha", sha);
        ObjectNode inner = (ObjectNode) commit.get("commit");
        ObjectNode author = (ObjectNode) inner.get("author");
        author.put("name", person + " name");
        author.put("email", person + "@users.noreply.github.com");
        author.put("date", at.minusSeconds(30).toString());
        ObjectNode committer = (ObjectNode) inner.get("committer");
        committer.put("name", person + " name");
        committer.put("email", person + "@users.noreply.github.com");
        committer.put("date", at.toString());
        inner.put("message", "Change number " + index + " of " + name);
        commit.put("url", apiBase + "/repos/" + owner + "/" + name + "/commits/" + sha);
        commit.put("html_url", webBase + "/" + owner + "/" + name + "/commit/" + sha);
        ((ObjectNode) commit.get("author")).put("login", person);
        ((ObjectNode) commit.get("committer")).put("login", person);
        var parents = commit.putArray("parents");
        if (!commits.isEmpty()) {
            String parent = commits.get(0).get("sha").asText();
            parents.addObject().put("sha", parent)
                    .put("url", apiBase + "/repos/" + owner + "/" + name + "/commits/" + parent);
        }
        commits.add(0, commit);
        repo.put("pushed_at", clock.toString());
        touch();
        return sha;
    }

    public synchronized ObjectNode newPull(int number) {
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

    /** Error answers and held requests, injected by tests. */
    public Faults faults() {
        return faults;
    }

    /** Moves the repository to a new owner and name; the old address answers 301, as GitHub's does. */
    public synchronized void renameTo(String newOwner, String newName) {
        renamedTo = newOwner + "/" + newName;
        repo.put("name", newName);
        repo.put("full_name", renamedTo);
        ((ObjectNode) repo.get("owner")).put("login", newOwner);
    }

    /** Removes a field from the commit with this sha: a malformed item, as a buggy API could send. */
    public synchronized void corruptCommit(String sha, String field) {
        commits.stream().filter(c -> c.get("sha").asText().equals(sha)).findFirst().orElseThrow().remove(field);
    }

    synchronized ObjectNode repo() {
        repo.put("open_issues_count", pulls.values().stream().filter(p -> p.get("state").asText().equals("open")).count());
        return repo.deepCopy();
    }

    synchronized List<ObjectNode> commits() {
        return List.copyOf(commits);
    }

    synchronized List<ObjectNode> pulls() {
        return List.copyOf(pulls.values());
    }

    synchronized List<ObjectNode> reviews(int number) {
        List<ObjectNode> list = reviews.get(number);
        return list == null ? null : List.copyOf(list);
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

    private Instant tick() {
        clock = clock.plusSeconds(600);
        return clock;
    }

    private void touch() {
        repo.put("updated_at", clock.toString());
    }

    static String sha1(String text) {
        return SimulatorServer.sha1(text);
    }

    static Comparator<ObjectNode> byField(String field) {
        return Comparator.comparing(n -> Instant.parse(n.get(field).asText()));
    }
}
