package io.gitcollector.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One Bitbucket Data Center repository the simulator serves, built from the recorded shapes
 * (api-shapes/bitbucket-server) with the fields that vary set per item. Times are epoch
 * milliseconds, as Bitbucket writes them. Every mutation ticks a clock by 600 s (from the creation
 * instant); any activity on a pull request (a comment, an approval, a merge) moves its
 * {@code updatedDate}, and a change of its own fields (state, reviewers) its {@code version}.
 * Deterministic for a given sequence of calls.
 */
public final class SimulatedBitbucketServerRepository {

    static final Shapes SHAPES = new Shapes("bitbucket-server");
    public static final String DEFAULT_BRANCH = "main";
    private static final String[] PEOPLE = {"jcitizen", "bradrydzewski", "zura", "shimura", "sougo"};

    final String projectKey;
    final String slug;
    final int id;
    private final String base;
    private final String web;
    private final Faults faults = new Faults();
    private Instant clock;
    private long nextActivityId;
    private long nextCommentId;
    private int nextPullRequestId = 1;
    private final ObjectNode repo;
    private final List<ObjectNode> commits = new ArrayList<>();                   // newest first, like git log
    private final Map<Integer, ObjectNode> pullRequests = new LinkedHashMap<>();
    private final Map<Integer, List<ObjectNode>> activities = new LinkedHashMap<>(); // oldest first; served newest first
    private final Map<Long, ObjectNode> comments = new LinkedHashMap<>();

    SimulatedBitbucketServerRepository(String projectKey, String slug, int id, String baseUrl, Instant start) {
        this.projectKey = projectKey;
        this.slug = slug;
        this.id = id;
        this.base = baseUrl;
        this.web = baseUrl + "/projects/" + projectKey + "/repos/" + slug;
        this.clock = start;
        this.nextActivityId = id * 100_000L;
        this.nextCommentId = id * 100_000L;
        this.repo = newRepository();
    }

    private ObjectNode newRepository() {
        ObjectNode r = SHAPES.example("repository");
        boolean personal = projectKey.startsWith("~");
        r.put("slug", slug);
        r.put("id", id);
        r.put("name", slug);
        ObjectNode project = (ObjectNode) r.get("project");
        project.put("key", projectKey);
        project.put("id", id + 1000);
        project.put("name", personal ? projectKey.substring(1) : projectKey);
        project.put("type", personal ? "PERSONAL" : "NORMAL");
        selfLink(project, base + (personal ? "/users/" + projectKey.substring(1).toLowerCase() : "/projects/" + projectKey));
        // Fields Bitbucket 8 and later add (RestRepository in the 9.2 OpenAPI document).
        r.put("description", "Simulated repository " + projectKey + "/" + slug);
        r.put("archived", false);
        ArrayNode clone = ((ObjectNode) r.get("links")).putArray("clone");
        String host = java.net.URI.create(base).getHost();
        clone.addObject().put("href", "ssh://git@" + host + ":7999/" + projectKey.toLowerCase() + "/" + slug + ".git").put("name", "ssh");
        clone.addObject().put("href", base + "/scm/" + projectKey.toLowerCase() + "/" + slug + ".git").put("name", "http");
        selfLink(r, web + "/browse");
        return r;
    }

    /**
     * Generates {@code commitCount} commits, then {@code pullRequestCount} pull requests: each opened, commented
     * on ({@code number % 3} comments, the first answered by a reply), approved, marked as needing work and
     * unapproved in turn, then merged ({@code number % 3 == 0}), declined ({@code number % 4 == 1}) or left open.
     */
    public SimulatedBitbucketServerRepository seed(int commitCount, int pullRequestCount) {
        addCommits(commitCount);
        for (int k = 0; k < pullRequestCount; k++) {
            int number = openPullRequest();
            for (int c = 0; c < number % 3; c++) {
                long comment = addComment(number, person(number + c + 1));
                if (c == 0) {
                    reply(number, comment, person(number));
                }
            }
            switch (number % 4) {
                case 0 -> approve(number, person(number + 1));
                case 1 -> needsWork(number, person(number + 2));
                case 2 -> {
                    approve(number, person(number + 3));
                    unapprove(number, person(number + 3));
                }
                default -> { }
            }
            if (number % 3 == 0) {
                merge(number);
            } else if (number % 4 == 1) {
                decline(number);
            }
        }
        return this;
    }

    /** {@code count} commits on the default branch, newest first in the list; returns their ids in creation order. */
    public synchronized List<String> addCommits(int count) {
        List<String> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            added.add(addCommit(tick()));
        }
        return added;
    }

    private String addCommit(Instant at) {
        int n = commits.size() + 1;
        String sha = SimulatorServer.sha1(projectKey + "/" + slug + "/commit/" + n);
        ObjectNode c = SHAPES.example("commit");
        c.put("id", sha);
        c.put("displayId", sha.substring(0, 11));
        // Every fifth commit's author has no Bitbucket account: Bitbucket then writes only the Git name and address.
        c.set("author", n % 5 == 0 ? gitIdentity(n) : user(person(n)));
        c.put("authorTimestamp", at.toEpochMilli() - 60_000);
        c.set("committer", user(person(n + 1)));
        c.put("committerTimestamp", at.toEpochMilli());
        c.put("message", "Change " + n + " of " + slug);
        ArrayNode parents = c.putArray("parents");
        if (!commits.isEmpty()) {
            String parent = commits.get(0).get("id").asText();
            parents.addObject().put("id", parent).put("displayId", parent.substring(0, 11));
        }
        commits.add(0, c);
        return sha;
    }

    /** Opens a pull request from {@code feature/pr-<n>} to the default branch; returns its id. */
    public synchronized int openPullRequest() {
        Instant at = tick();
        int number = nextPullRequestId++;
        ObjectNode pr = SHAPES.example("pull_request");
        pr.put("id", number);
        pr.put("version", 0);
        pr.put("title", "Pull request " + number + " of " + slug);
        pr.put("description", "Simulated pull request " + number);
        pr.put("state", "OPEN");
        pr.put("open", true);
        pr.put("closed", false);
        pr.put("createdDate", at.toEpochMilli());
        pr.put("updatedDate", at.toEpochMilli());
        String head = SimulatorServer.sha1(projectKey + "/" + slug + "/pr/" + number);
        ref((ObjectNode) pr.get("fromRef"), "feature/pr-" + number, head);
        ref((ObjectNode) pr.get("toRef"), DEFAULT_BRANCH, commits.isEmpty() ? head : commits.get(0).get("id").asText());
        ObjectNode author = (ObjectNode) pr.get("author");
        author.set("user", user(person(number)));
        pr.putArray("reviewers");
        pr.putArray("participants");
        pr.remove("properties");
        selfLink(pr, web + "/pull-requests/" + number);
        pullRequests.put(number, pr);
        activities.put(number, new ArrayList<>());
        activity(number, "OPENED", person(number), at);
        return number;
    }

    /** A general comment on the pull request by {@code user}; returns the comment's id. */
    public synchronized long addComment(int number, String user) {
        Instant at = tick();
        ObjectNode comment = newComment(user, "Comment by " + user + " on pull request " + number, at);
        ObjectNode activity = activity(number, "COMMENTED", user, at);
        activity.put("commentAction", "ADDED");
        activity.set("comment", comment);
        participate(number, user);
        return comment.get("id").asLong();
    }

    /**
     * A reply to a comment: nested in the comment's {@code comments}, and an activity of its own
     * ({@code commentAction: REPLIED}) whose comment is the reply. Returns the reply's id.
     */
    public synchronized long reply(int number, long commentId, String user) {
        Instant at = tick();
        ObjectNode reply = newComment(user, "Reply by " + user + " to comment " + commentId, at);
        ((ArrayNode) comments.get(commentId).get("comments")).add(reply);
        ObjectNode activity = activity(number, "COMMENTED", user, at);
        activity.put("commentAction", "REPLIED");
        activity.set("comment", reply);
        participate(number, user);
        return reply.get("id").asLong();
    }

    /** {@code user} approves (as a reviewer if they are one, else as a participant); returns the activity's id. */
    public synchronized long approve(int number, String user) {
        return review(number, user, "APPROVED", "APPROVED", true);
    }

    /** {@code user} marks the pull request as needing work ("Requested changes" from 8.10): activity REVIEWED. */
    public synchronized long needsWork(int number, String user) {
        return review(number, user, "REVIEWED", "NEEDS_WORK", false);
    }

    /** {@code user} withdraws an approval or a request for changes. */
    public synchronized long unapprove(int number, String user) {
        return review(number, user, "UNAPPROVED", "UNAPPROVED", false);
    }

    /** Adds {@code user} as a reviewer (no activity of its own in this simulator: Bitbucket records it as UPDATED). */
    public synchronized void addReviewer(int number, String user) {
        Instant at = tick();
        ObjectNode pr = pullRequests.get(number);
        ObjectNode reviewer = ((ArrayNode) pr.get("reviewers")).addObject();
        reviewer.set("user", user(user));
        reviewer.put("role", "REVIEWER");
        reviewer.put("approved", false);
        reviewer.put("status", "UNAPPROVED");
        pr.put("version", pr.get("version").asInt() + 1);
        pr.put("updatedDate", at.toEpochMilli());
    }

    public synchronized void merge(int number) {
        close(number, "MERGED");
    }

    public synchronized void decline(int number) {
        close(number, "DECLINED");
    }

    private void close(int number, String state) {
        Instant at = tick();
        ObjectNode pr = pullRequests.get(number);
        pr.put("state", state);
        pr.put("open", false);
        pr.put("closed", true);
        pr.put("closedDate", at.toEpochMilli());
        pr.put("version", pr.get("version").asInt() + 1);
        activity(number, state, person(number + 4), at);
    }

    private long review(int number, String user, String action, String status, boolean approved) {
        Instant at = tick();
        ObjectNode participant = participate(number, user);
        participant.put("approved", approved);
        participant.put("status", status);
        if (approved || status.equals("NEEDS_WORK")) {
            participant.put("lastReviewedCommit", pullRequests.get(number).get("fromRef").get("latestCommit").asText());
        }
        ObjectNode pr = pullRequests.get(number);
        pr.put("version", pr.get("version").asInt() + 1);
        return activity(number, action, user, at).get("id").asLong();
    }

    /** The reviewer or participant entry of {@code user}, added as a participant when they are neither (nor the author). */
    private ObjectNode participate(int number, String user) {
        ObjectNode pr = pullRequests.get(number);
        for (String list : List.of("reviewers", "participants")) {
            for (JsonNode p : pr.get(list)) {
                if (p.get("user").get("name").asText().equals(user)) {
                    return (ObjectNode) p;
                }
            }
        }
        if (pr.get("author").get("user").get("name").asText().equals(user)) {
            return pr.get("author").deepCopy(); // the author's status does not change
        }
        ObjectNode participant = ((ArrayNode) pr.get("participants")).addObject();
        participant.set("user", user(user));
        participant.put("role", "PARTICIPANT");
        participant.put("approved", false);
        participant.put("status", "UNAPPROVED");
        return participant;
    }

    private ObjectNode activity(int number, String action, String user, Instant at) {
        ObjectNode a = Shapes.MAPPER.createObjectNode();
        a.put("id", ++nextActivityId);
        a.put("createdDate", at.toEpochMilli());
        a.set("user", user(user));
        a.put("action", action);
        activities.get(number).add(a);
        pullRequests.get(number).put("updatedDate", at.toEpochMilli());
        return a;
    }

    private ObjectNode newComment(String user, String text, Instant at) {
        ObjectNode c = SHAPES.example("activity", 1).get("comment").deepCopy();
        c.put("id", ++nextCommentId);
        ((ObjectNode) c.get("properties")).put("repositoryId", id);
        c.put("version", 0);
        c.put("text", text);
        c.set("author", user(user));
        c.put("createdDate", at.toEpochMilli());
        c.put("updatedDate", at.toEpochMilli());
        c.putArray("comments");
        comments.put(c.get("id").asLong(), c);
        return c;
    }

    /** A user as Bitbucket writes a person with an account (the recorded user, renamed). */
    ObjectNode user(String name) {
        ObjectNode u = SHAPES.example("activity", 0).get("user").deepCopy();
        int index = java.util.Arrays.asList(PEOPLE).indexOf(name);
        u.put("name", name);
        u.put("emailAddress", name + "@example.com");
        u.put("id", index + 1);
        u.put("displayName", Character.toUpperCase(name.charAt(0)) + name.substring(1));
        u.put("slug", name);
        selfLink(u, base + "/users/" + name);
        return u;
    }

    private static ObjectNode gitIdentity(int n) {
        ObjectNode u = Shapes.MAPPER.createObjectNode();
        u.put("name", "Outside Contributor " + n);
        u.put("emailAddress", "contributor" + n + "@outside.example");
        return u;
    }

    private void ref(ObjectNode ref, String branch, String latestCommit) {
        ref.put("id", "refs/heads/" + branch);
        ref.put("displayId", branch);
        ref.put("latestCommit", latestCommit);
        ref.set("repository", repo.deepCopy());
    }

    private static void selfLink(ObjectNode node, String href) {
        ObjectNode links = node.has("links") ? (ObjectNode) node.get("links") : node.putObject("links");
        links.putArray("self").addObject().put("href", href);
    }

    static String person(int n) {
        return PEOPLE[Math.floorMod(n, PEOPLE.length)];
    }

    private Instant tick() {
        clock = clock.plusSeconds(600);
        return clock;
    }

    public Faults faults() {
        return faults;
    }

    /** {@code <baseUrl>/projects/<KEY>/repos/<slug>}: the repository's web address, what the collector is given. */
    public String url() {
        return web;
    }

    public synchronized ObjectNode repository() {
        return repo.deepCopy();
    }

    /** The configured default branch, as GET …/default-branch answers it. */
    public ObjectNode defaultBranch() {
        ObjectNode ref = SHAPES.example("default_branch");
        ref.put("id", "refs/heads/" + DEFAULT_BRANCH);
        ref.put("displayId", DEFAULT_BRANCH);
        return ref;
    }

    /** Newest first. */
    public synchronized List<ObjectNode> commits() {
        return commits.stream().map(ObjectNode::deepCopy).toList();
    }

    /** In id order. */
    public synchronized List<ObjectNode> pullRequests() {
        return pullRequests.values().stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized ObjectNode pullRequest(int number) {
        ObjectNode pr = pullRequests.get(number);
        return pr == null ? null : pr.deepCopy();
    }

    /** A pull request's activities newest first, as Bitbucket lists them; null for an unknown pull request. */
    public synchronized List<ObjectNode> activities(int number) {
        List<ObjectNode> list = activities.get(number);
        if (list == null) {
            return null;
        }
        List<ObjectNode> newest = new ArrayList<>();
        for (int i = list.size() - 1; i >= 0; i--) {
            newest.add(list.get(i).deepCopy());
        }
        return newest;
    }
}
