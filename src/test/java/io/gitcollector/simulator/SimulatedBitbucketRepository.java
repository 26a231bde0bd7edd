package io.gitcollector.simulator;

import static io.gitcollector.simulator.BitbucketWorkspace.TIME;
import static io.gitcollector.simulator.BitbucketWorkspace.href;
import static io.gitcollector.simulator.BitbucketWorkspace.nickname;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One Bitbucket Cloud repository the simulator serves: commits, pull requests with their activity
 * and comments, issues with comments, branch restrictions and pipelines, each built from the real
 * example objects (src/test/resources/api-shapes/bitbucket) with the varying fields set. The clock
 * starts at 2024-01-01T00:00:00Z and ticks 600 s per mutation, so data is deterministic. Mutators
 * move the {@code updated_on} that Bitbucket moves (approvals, change requests and comments move the
 * pull request's, as the recorded webhooks show). Accessors return deep copies.
 */
public final class SimulatedBitbucketRepository {

    private static final DateTimeFormatter COMMIT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+00:00'").withZone(ZoneOffset.UTC);
    /** Pipelines print milliseconds and Z ("2020-11-03T22:14:50.671Z"), unlike the rest of the API. */
    private static final DateTimeFormatter PIPELINE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String[] ISSUE_STATES = {"new", "open", "resolved", "on hold", "invalid", "duplicate", "wontfix", "closed"};
    private static final String[] ISSUE_KINDS = {"bug", "enhancement", "proposal", "task"};
    private static final String[] PRIORITIES = {"trivial", "minor", "major", "critical", "blocker"};
    private static final String[] PIPELINE_MIX = {"SUCCESSFUL", "FAILED", "STOPPED", "IN_PROGRESS", "PENDING",
        "SUCCESSFUL", "ERROR", "PAUSED", "HALTED", "EXPIRED"};

    final String workspaceSlug;
    final String slug;
    final BitbucketWorkspace workspace;
    private final String api;
    private final String web;
    private final ObjectNode repository;
    private final List<ObjectNode> commits = new ArrayList<>();                 // newest first
    private final Map<Integer, ObjectNode> pullRequests = new LinkedHashMap<>();
    private final Map<Integer, List<ObjectNode>> activity = new LinkedHashMap<>(); // oldest first
    private final Map<Integer, List<ObjectNode>> pullRequestComments = new LinkedHashMap<>();
    private final Map<Integer, ObjectNode> issues = new LinkedHashMap<>();
    private final Map<Integer, List<ObjectNode>> issueComments = new LinkedHashMap<>();
    private final List<ObjectNode> branchRestrictions = new ArrayList<>();
    private int diffstatCalls;
    private final List<ObjectNode> pipelines = new ArrayList<>();              // oldest first
    private final Faults faults = new Faults();
    private Instant clock;
    private long nextCommentId = 323_120_001L;
    private long nextIssueCommentId = 63_860_001L;
    private long nextRestrictionId = 16_678_270L;
    private volatile boolean issueTracker = true;

    SimulatedBitbucketRepository(BitbucketWorkspace workspace, String slug, Instant start) {
        this.workspace = workspace;
        this.workspaceSlug = workspace.slug;
        this.slug = slug;
        this.api = workspace.api;
        this.web = workspace.web;
        this.clock = start;
        repository = BitbucketSimulator.SHAPES.example("repository");
        String self = apiUrl();
        repository.put("full_name", workspaceSlug + "/" + slug);
        ObjectNode links = (ObjectNode) repository.get("links");
        href(links, "self", self);
        href(links, "html", url());
        href(links, "avatar", web + "/" + workspaceSlug + "/" + slug + "/avatar/32/");
        for (String rel : List.of("pullrequests", "commits", "forks", "watchers", "downloads", "issues", "hooks")) {
            href(links, rel, self + "/" + rel);
        }
        href(links, "branches", self + "/refs/branches");
        href(links, "tags", self + "/refs/tags");
        href(links, "source", self + "/src");
        ArrayNode clone = links.putArray("clone");
        clone.addObject().put("name", "https").put("href", url() + ".git");
        clone.addObject().put("name", "ssh").put("href", "ssh://git@" + web.replaceFirst("^https?://", "")
                + "/" + workspaceSlug + "/" + slug + ".git");
        repository.put("name", slug);
        repository.put("slug", slug);
        repository.put("description", "Simulated repository " + workspaceSlug + "/" + slug);
        repository.set("owner", workspace.user(nickname(0)));
        repository.set("workspace", workspace.repositoryWorkspace());
        ObjectNode project = (ObjectNode) repository.get("project");
        project.put("key", "PROJ");
        project.put("uuid", BitbucketWorkspace.uuid("project/" + workspaceSlug + "/PROJ"));
        project.put("name", "Project");
        ObjectNode projectLinks = (ObjectNode) project.get("links");
        href(projectLinks, "self", api + "/workspaces/" + workspaceSlug + "/projects/PROJ");
        href(projectLinks, "html", web + "/" + workspaceSlug + "/workspace/projects/PROJ");
        href(projectLinks, "avatar", web + "/account/user/" + workspaceSlug + "/projects/PROJ/avatar/32");
        repository.put("created_on", TIME.format(start));
        repository.put("language", "java");
        repository.put("uuid", BitbucketWorkspace.uuid("repository/" + workspaceSlug + "/" + slug));
        ((ObjectNode) repository.get("mainbranch")).put("name", "main");
        touch(start);
    }

    // ---------------------------------------------------------------- seeding and mutations

    /**
     * Generates data: {@code commitCount} commits; {@code pullRequestCount} pull requests (id % 3: 0 merged,
     * 1 open, 2 declined) with id % (maxApprovals + 1) approvals, a change request when id % 4 == 1, and
     * {@code commentsPerItem} comments; {@code issueCount} issues in every state with comments; pipelines in
     * a mix of states; the workspace's members; branch restrictions on main and release/*.
     */
    public SimulatedBitbucketRepository seed(int commitCount, int pullRequestCount, int maxApprovals, int issueCount,
            int commentsPerItem, int pipelineCount) {
        workspace.seedMembers();
        seedBranchRestrictions();
        addCommits(commitCount);
        for (int i = 0; i < pullRequestCount; i++) {
            int id = openPullRequest();
            for (int a = 0; a < id % (maxApprovals + 1); a++) {
                approve(id, nickname(id + a + 1));
            }
            if (id % 4 == 1) {
                requestChanges(id, nickname(id + 2));
            }
            for (int c = 0; c < commentsPerItem; c++) {
                addPullRequestComment(id);
            }
            if (id % 3 == 0) {
                merge(id);
            } else if (id % 3 == 2) {
                decline(id);
            }
        }
        for (int i = 0; i < issueCount && issueTracker; i++) {
            int id = openIssue();
            for (int c = 0; c < commentsPerItem; c++) {
                addIssueComment(id);
            }
            String state = ISSUE_STATES[(id - 1) % ISSUE_STATES.length];
            if (!state.equals("new")) {
                setIssueState(id, state);
            }
        }
        for (int i = 0; i < pipelineCount; i++) {
            addPipeline(PIPELINE_MIX[i % PIPELINE_MIX.length]);
        }
        return this;
    }

    /** Pushes {@code count} commits to main, newest first in the list; returns their hashes, oldest first. */
    public synchronized List<String> addCommits(int count) {
        List<String> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant at = tick();
            int index = commits.size();
            String hash = SimulatorServer.sha1(workspaceSlug + "/" + slug + "#" + index);
            String person = nickname(index);
            ObjectNode commit = BitbucketSimulator.SHAPES.example("commit");
            commit.put("hash", hash);
            commit.put("date", COMMIT_TIME.format(at));
            ObjectNode author = (ObjectNode) commit.get("author");
            author.put("raw", BitbucketWorkspace.displayNameOf(person) + " <" + person + "@example.com>");
            author.set("user", workspace.user(person));
            String message = "Change number " + index + " of " + slug;
            commit.put("message", message);
            ObjectNode summary = (ObjectNode) commit.get("summary");
            summary.put("raw", message);
            summary.put("html", "<p>" + message + "</p>");
            ObjectNode links = (ObjectNode) commit.get("links");
            href(links, "self", apiUrl() + "/commit/" + hash);
            href(links, "html", url() + "/commits/" + hash);
            href(links, "diff", apiUrl() + "/diff/" + hash);
            href(links, "approve", apiUrl() + "/commit/" + hash + "/approve");
            href(links, "comments", apiUrl() + "/commit/" + hash + "/comments");
            href(links, "statuses", apiUrl() + "/commit/" + hash + "/statuses");
            href(links, "patch", apiUrl() + "/patch/" + hash);
            ArrayNode parents = commit.putArray("parents");
            if (!commits.isEmpty()) {
                String parent = commits.get(0).get("hash").asText();
                ObjectNode p = parents.addObject();
                p.put("hash", parent);
                ObjectNode pl = p.putObject("links");
                href(pl, "self", apiUrl() + "/commit/" + parent);
                href(pl, "html", url() + "/commits/" + parent);
                p.put("type", "commit");
            }
            commit.set("repository", repositoryRef());
            commits.add(0, commit);
            touch(at);
            added.add(hash);
        }
        return added;
    }

    /** Opens a pull request from feature-{id} into main; returns its id. */
    public synchronized int openPullRequest() {
        Instant at = tick();
        int id = pullRequests.size() + 1;
        String author = nickname(id);
        ObjectNode pr = BitbucketSimulator.SHAPES.example("pullrequest");
        String title = "Pull request " + id + " of " + slug;
        String description = "Changes for pull request " + id;
        pr.put("comment_count", 0);
        pr.put("task_count", 0);
        pr.put("id", id);
        pr.put("title", title);
        pr.put("description", description);
        pr.put("state", "OPEN");
        pr.putNull("merge_commit");
        pr.put("close_source_branch", id % 2 == 0);
        pr.putNull("closed_by");
        pr.set("author", workspace.user(author));
        pr.put("reason", "");
        pr.put("created_on", TIME.format(at));
        pr.put("updated_on", TIME.format(at));
        String destination = commits.isEmpty() ? SimulatorServer.sha1(slug + "empty") : commits.get(0).get("hash").asText();
        pr.set("destination", endpoint("main", destination));
        pr.set("source", endpoint("feature-" + id, SimulatorServer.sha1(workspaceSlug + "/" + slug + "/head/" + id)));
        String self = apiUrl() + "/pullrequests/" + id;
        ObjectNode links = (ObjectNode) pr.get("links");
        href(links, "self", self);
        href(links, "html", url() + "/pull-requests/" + id);
        for (String rel : List.of("commits", "approve", "request-changes", "comments", "activity", "merge", "decline", "statuses")) {
            href(links, rel, self + "/" + rel);
        }
        String spec = workspaceSlug + "/" + slug + ":" + short12(pr, "source") + "%0D" + short12(pr, "destination")
                + "?from_pullrequest_id=" + id + "&topic=true";
        href(links, "diff", apiUrl() + "/diff/" + spec);
        href(links, "diffstat", apiUrl() + "/diffstat/" + spec);
        ObjectNode summary = (ObjectNode) pr.get("summary");
        summary.put("raw", description);
        summary.put("html", "<p>" + description + "</p>");
        pullRequests.put(id, pr);
        activity.put(id, new ArrayList<>());
        pullRequestComments.put(id, new ArrayList<>());
        addUpdate(id, at);
        return id;
    }

    /** Merges: state MERGED, a merge commit, closed_by, and an "update" activity entry. */
    public synchronized void merge(int id) {
        close(id, "MERGED");
    }

    /** Declines: state DECLINED, closed_by, and an "update" activity entry. */
    public synchronized void decline(int id) {
        close(id, "DECLINED");
    }

    /** An approval by {@code nickname}; like Bitbucket, it moves the pull request's updated_on. */
    public synchronized void approve(int id, String nickname) {
        review(id, "approval", nickname);
    }

    /** A change request by {@code nickname} (activity key "changes_requested"); moves updated_on. */
    public synchronized void requestChanges(int id, String nickname) {
        review(id, "changes_requested", nickname);
    }

    /** A comment on the pull request (odd ones inline); moves updated_on and comment_count; returns its id. */
    public synchronized long addPullRequestComment(int id) {
        ObjectNode pr = pr(id);
        Instant at = tick();
        long commentId = nextCommentId++;
        List<ObjectNode> list = pullRequestComments.get(id);
        String person = nickname(id + list.size() + 2);
        ObjectNode comment = BitbucketSimulator.SHAPES.example("pullrequest_comment");
        comment.put("id", commentId);
        comment.put("created_on", TIME.format(at));
        comment.put("updated_on", TIME.format(at));
        String text = "Comment " + (list.size() + 1) + " on pull request " + id;
        ObjectNode content = (ObjectNode) comment.get("content");
        content.put("raw", text);
        content.put("html", "<p>" + text + "</p>");
        comment.set("user", workspace.user(person));
        ObjectNode links = (ObjectNode) comment.get("links");
        href(links, "self", apiUrl() + "/pullrequests/" + id + "/comments/" + commentId);
        href(links, "html", url() + "/pull-requests/" + id + "/_/diff#comment-" + commentId);
        boolean inline = commentId % 2 == 1;
        if (inline) {
            ObjectNode where = (ObjectNode) comment.get("inline");
            where.putNull("from");
            where.put("to", list.size() + 1);
            where.put("path", "src/Main.java");
            href(links, "code", apiUrl() + "/diff/" + workspaceSlug + "/" + slug + ":" + short12(pr, "source") + ".."
                    + short12(pr, "destination") + "?path=src%2FMain.java");
        } else {
            comment.remove("inline");
            links.remove("code");
        }
        comment.set("pullrequest", pullRequestRef(pr));
        list.add(comment);
        pr.put("comment_count", list.size());
        pr.put("updated_on", TIME.format(at));
        ObjectNode entry = Shapes.MAPPER.createObjectNode();
        entry.set("comment", comment.deepCopy());
        entry.set("pull_request", pullRequestRef(pr));
        activity.get(id).add(entry);
        return commentId;
    }

    /** Opens an issue (state "new"); returns its id. */
    public synchronized int openIssue() {
        requireTracker();
        Instant at = tick();
        int id = issues.size() + 1;
        ObjectNode issue = BitbucketSimulator.SHAPES.example("issue");
        String title = "Issue " + id + " of " + slug;
        issue.put("id", id);
        issue.set("repository", repositoryRef());
        String self = apiUrl() + "/issues/" + id;
        ObjectNode links = (ObjectNode) issue.get("links");
        href(links, "self", self);
        href(links, "html", url() + "/issues/" + id + "/" + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
        for (String rel : List.of("comments", "attachments", "watch", "vote")) {
            href(links, rel, self + "/" + rel);
        }
        issue.put("title", title);
        String text = "Description of issue " + id;
        ObjectNode content = (ObjectNode) issue.get("content");
        content.put("raw", text);
        content.put("html", "<p>" + text + "</p>");
        issue.set("reporter", workspace.user(nickname(id)));
        if (id % 2 == 0) {
            issue.set("assignee", workspace.user(nickname(id + 1)));
        } else {
            issue.putNull("assignee");
        }
        issue.put("created_on", TIME.format(at));
        issue.putNull("edited_on");
        issue.put("updated_on", TIME.format(at));
        issue.put("state", "new");
        issue.put("kind", ISSUE_KINDS[(id - 1) % ISSUE_KINDS.length]);
        issue.put("priority", PRIORITIES[(id - 1) % PRIORITIES.length]);
        issues.put(id, issue);
        issueComments.put(id, new ArrayList<>());
        return id;
    }

    /** Marks an issue resolved; moves its updated_on. */
    public synchronized void resolveIssue(int id) {
        setIssueState(id, "resolved");
    }

    /** Sets an issue's state (new, open, resolved, on hold, invalid, duplicate, wontfix, closed); moves updated_on. */
    public synchronized void setIssueState(int id, String state) {
        ObjectNode issue = issue(id);
        issue.put("state", state);
        issue.put("updated_on", TIME.format(tick()));
    }

    /** A comment on an issue; moves the issue's updated_on; returns the comment id. */
    public synchronized long addIssueComment(int id) {
        ObjectNode issue = issue(id);
        Instant at = tick();
        long commentId = nextIssueCommentId++;
        List<ObjectNode> list = issueComments.get(id);
        ObjectNode comment = BitbucketSimulator.SHAPES.example("issue_comment");
        comment.put("id", commentId);
        comment.put("created_on", TIME.format(at));
        comment.putNull("updated_on"); // as recorded: an unedited issue comment has no updated_on
        String text = "Comment " + (list.size() + 1) + " on issue " + id;
        ObjectNode content = (ObjectNode) comment.get("content");
        content.put("raw", text);
        content.put("html", "<p>" + text + "</p>");
        comment.set("user", workspace.user(nickname(id + list.size() + 1)));
        ObjectNode ref = (ObjectNode) comment.get("issue");
        ref.put("id", id);
        ref.set("repository", repositoryRef());
        href((ObjectNode) ref.get("links"), "self", apiUrl() + "/issues/" + id);
        ref.put("title", issue.get("title").asText());
        ObjectNode links = (ObjectNode) comment.get("links");
        href(links, "self", apiUrl() + "/issues/" + id + "/comments/" + commentId);
        href(links, "html", url() + "/issues/" + id + "#comment-" + commentId);
        list.add(comment);
        issue.put("updated_on", TIME.format(at));
        return commentId;
    }

    /**
     * A new pipeline on main: PENDING, IN_PROGRESS (RUNNING), PAUSED or HALTED, or a result (SUCCESSFUL,
     * FAILED, ERROR, STOPPED, EXPIRED) for one that already completed; returns its "{uuid}".
     */
    public synchronized String addPipeline(String stateName) {
        Instant at = tick();
        int buildNumber = pipelines.size() + 1;
        String uuid = BitbucketWorkspace.uuid("pipeline/" + workspaceSlug + "/" + slug + "/" + buildNumber);
        ObjectNode pipeline = BitbucketSimulator.SHAPES.example("pipeline");
        pipeline.put("uuid", uuid);
        pipeline.set("repository", repositoryRef());
        pipeline.put("build_number", buildNumber);
        pipeline.set("creator", workspace.user(nickname(buildNumber)));
        pipeline.put("created_on", PIPELINE_TIME.format(at));
        ObjectNode target = (ObjectNode) pipeline.get("target");
        target.put("ref_name", "main");
        String hash = commits.isEmpty() ? SimulatorServer.sha1(slug + "empty") : commits.get(0).get("hash").asText();
        ObjectNode commit = (ObjectNode) target.get("commit");
        commit.put("hash", hash);
        href((ObjectNode) commit.get("links"), "self", apiUrl() + "/commit/" + hash);
        href((ObjectNode) commit.get("links"), "html", url() + "/commits/" + hash);
        ObjectNode trigger = (ObjectNode) pipeline.get("trigger");
        trigger.put("name", "PUSH");
        trigger.put("type", "pipeline_trigger_push");
        String self = apiUrl() + "/pipelines/" + uuid.replace("{", "%7B").replace("}", "%7D");
        ObjectNode links = (ObjectNode) pipeline.get("links");
        href(links, "self", self);
        href(links, "steps", self + "/steps/");
        pipelines.add(pipeline);
        switch (stateName) {
            case "PENDING" -> running(pipeline, null);
            case "IN_PROGRESS", "RUNNING" -> running(pipeline, "RUNNING");
            case "PAUSED", "HALTED" -> running(pipeline, stateName);
            default -> complete(pipeline, stateName, at.plusSeconds(300));
        }
        return uuid;
    }

    /** Completes a pipeline with a result (SUCCESSFUL, FAILED, ERROR, STOPPED, EXPIRED). */
    public synchronized void finishPipeline(String uuid, String resultName) {
        ObjectNode pipeline = pipelines.stream().filter(p -> p.get("uuid").asText().equals(uuid)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no pipeline " + uuid));
        complete(pipeline, resultName, tick());
    }

    /** Without an issue tracker, /issues answers 404 "Repository has no issue tracker." (has_issues false). */
    public synchronized void setIssueTrackerEnabled(boolean enabled) {
        issueTracker = enabled;
        repository.put("has_issues", enabled);
    }

    /** Error answers and held requests, injected by tests. */
    public Faults faults() {
        return faults;
    }

    // ---------------------------------------------------------------- addresses

    /** The repository's web URL: {@code <baseUrl>/<workspace>/<slug>}. */
    public String url() {
        return web + "/" + workspaceSlug + "/" + slug;
    }

    /** The repository's API URL: {@code <apiUrl>/repositories/<workspace>/<slug>}. */
    public String apiUrl() {
        return api + "/repositories/" + workspaceSlug + "/" + slug;
    }

    // ---------------------------------------------------------------- accessors (deep copies)

    public synchronized ObjectNode repository() {
        return wire(repository);
    }

    /** Newest first, as served. */
    public synchronized List<ObjectNode> commits() {
        return copies(commits);
    }

    /**
     * A commit's diffstat against its first parent: 1 to 3 files, with line counts that follow from the hash; null for
     * a hash that is no commit here.
     */
    public synchronized List<ObjectNode> diffstat(String hash) {
        if (!commitHashes().contains(hash)) {
            return null;
        }
        int seed = Math.abs(hash.hashCode());
        List<ObjectNode> files = new ArrayList<>();
        for (int i = 0; i <= seed % 3; i++) {
            ObjectNode file = BitbucketSimulator.SHAPES.example("diffstat", 0);
            file.put("lines_added", 1 + (seed >> i) % 50);
            file.put("lines_removed", (seed >> (i + 3)) % 20);
            ((ObjectNode) file.get("new")).put("path", "src/file" + i + ".py");
            ((ObjectNode) file.get("old")).put("path", "src/file" + i + ".py");
            files.add(file);
        }
        return files;
    }

    /** How many diffstats the simulator has answered for this repository. */
    public synchronized int diffstatCalls() {
        return diffstatCalls;
    }

    synchronized void countDiffstatCall() {
        diffstatCalls++;
    }

    public synchronized List<String> commitHashes() {
        return commits.stream().map(c -> c.get("hash").asText()).toList();
    }

    /** By id. */
    public synchronized List<ObjectNode> pullRequests() {
        return copies(pullRequests.values());
    }

    public synchronized ObjectNode pullRequest(int id) {
        return wire(pr(id));
    }

    public synchronized List<Integer> pullRequestIds() {
        return List.copyOf(pullRequests.keySet());
    }

    /** A pull request's activity, newest first as served; null when there is no such pull request. */
    public synchronized List<ObjectNode> activity(int id) {
        List<ObjectNode> list = activity.get(id);
        if (list == null) {
            return null;
        }
        List<ObjectNode> out = copies(list);
        Collections.reverse(out);
        return out;
    }

    /** Oldest first, as served; null when there is no such pull request. */
    public synchronized List<ObjectNode> pullRequestComments(int id) {
        List<ObjectNode> list = pullRequestComments.get(id);
        return list == null ? null : copies(list);
    }

    /** By id. */
    public synchronized List<ObjectNode> issues() {
        return copies(issues.values());
    }

    /** Oldest first, as served; null when there is no such issue. */
    public synchronized List<ObjectNode> issueComments(int id) {
        List<ObjectNode> list = issueComments.get(id);
        return list == null ? null : copies(list);
    }

    public List<ObjectNode> members() {
        return workspace.members();
    }

    public ObjectNode workspace() {
        return workspace.workspace();
    }

    public synchronized List<ObjectNode> branchRestrictions() {
        return copies(branchRestrictions);
    }

    /** Oldest first (Bitbucket's order without sort). */
    public synchronized List<ObjectNode> pipelines() {
        return copies(pipelines);
    }

    boolean issueTrackerEnabled() {
        return issueTracker;
    }

    // ---------------------------------------------------------------- helpers

    private void close(int id, String state) {
        ObjectNode pr = pr(id);
        Instant at = tick();
        pr.put("state", state);
        pr.set("closed_by", workspace.user(nickname(0)));
        if (state.equals("MERGED")) {
            String hash = SimulatorServer.sha1(workspaceSlug + "/" + slug + "/merge/" + id).substring(0, 12);
            ObjectNode mergeCommit = pr.putObject("merge_commit");
            mergeCommit.put("type", "commit");
            mergeCommit.put("hash", hash);
            ObjectNode links = mergeCommit.putObject("links");
            href(links, "self", apiUrl() + "/commit/" + hash);
            href(links, "html", url() + "/commits/" + hash);
        }
        pr.put("updated_on", TIME.format(at));
        addUpdate(id, at);
    }

    /** An approval or change-request entry: {key: {date, pullrequest, user}, pull_request}. */
    private void review(int id, String key, String nickname) {
        ObjectNode pr = pr(id);
        Instant at = tick();
        ObjectNode entry = BitbucketSimulator.SHAPES.example("activity", 0);
        ObjectNode verdict = (ObjectNode) entry.remove("approval");
        verdict.put("date", TIME.format(at));
        verdict.set("pullrequest", pullRequestRef(pr));
        verdict.set("user", workspace.user(nickname));
        ObjectNode out = Shapes.MAPPER.createObjectNode();
        out.set(key, verdict);
        out.set("pull_request", pullRequestRef(pr));
        activity.get(id).add(out);
        pr.put("updated_on", TIME.format(at));
    }

    /** An "update" entry carrying the pull request's state (OPEN, MERGED or DECLINED) at {@code at}. */
    private void addUpdate(int id, Instant at) {
        ObjectNode pr = pullRequests.get(id);
        ObjectNode entry = BitbucketSimulator.SHAPES.example("activity", 1);
        ObjectNode update = (ObjectNode) entry.get("update");
        update.put("description", pr.get("description").asText());
        update.put("title", pr.get("title").asText());
        update.set("destination", pr.get("destination").deepCopy());
        update.put("reason", pr.get("reason").asText());
        update.set("source", pr.get("source").deepCopy());
        update.put("state", pr.get("state").asText());
        update.set("author", pr.get("author").deepCopy());
        update.put("date", TIME.format(at));
        entry.set("pull_request", pullRequestRef(pr));
        activity.get(id).add(entry);
    }

    private ObjectNode endpoint(String branch, String hash) {
        ObjectNode side = Shapes.MAPPER.createObjectNode();
        side.putObject("branch").put("name", branch);
        ObjectNode commit = side.putObject("commit");
        commit.put("type", "commit");
        commit.put("hash", hash.substring(0, 12));
        ObjectNode links = commit.putObject("links");
        href(links, "self", apiUrl() + "/commit/" + hash.substring(0, 12));
        href(links, "html", url() + "/commits/" + hash.substring(0, 12));
        side.set("repository", repositoryRef());
        return side;
    }

    /** {type, full_name, links{self, html, avatar}, name, uuid}: the repository inside other objects. */
    private ObjectNode repositoryRef() {
        ObjectNode ref = Shapes.MAPPER.createObjectNode();
        ref.put("type", "repository");
        ref.put("full_name", workspaceSlug + "/" + slug);
        ObjectNode links = ref.putObject("links");
        links.set("self", repository.get("links").get("self").deepCopy());
        links.set("html", repository.get("links").get("html").deepCopy());
        links.set("avatar", repository.get("links").get("avatar").deepCopy());
        ref.put("name", slug);
        ref.put("uuid", repository.get("uuid").asText());
        return ref;
    }

    /** {type, id, title, links{self, html}}: the pull request inside comments and activity. */
    private ObjectNode pullRequestRef(ObjectNode pr) {
        ObjectNode ref = Shapes.MAPPER.createObjectNode();
        ref.put("type", "pullrequest");
        ref.put("id", pr.get("id").asInt());
        ref.put("title", pr.get("title").asText());
        ObjectNode links = ref.putObject("links");
        links.set("self", pr.get("links").get("self").deepCopy());
        links.set("html", pr.get("links").get("html").deepCopy());
        return ref;
    }

    private void seedBranchRestrictions() {
        if (!branchRestrictions.isEmpty()) {
            return;
        }
        restriction("push", "main", null, List.of(nickname(0), nickname(3)));
        restriction("force", "main", null, List.of());
        restriction("delete", "main", null, List.of());
        restriction("require_approvals_to_merge", "main", 2, List.of());
        restriction("require_passing_builds_to_merge", "main", 1, List.of());
        restriction("restrict_merges", "main", null, List.of(nickname(3)));
        restriction("push", "release/*", null, List.of(nickname(3)));
        restriction("delete", "release/*", null, List.of());
        restriction("require_default_reviewer_approvals_to_merge", "release/*", 1, List.of());
    }

    /** {@code count} more push restrictions on {@code pattern}, each naming one more member (a long list spans pages). */
    public synchronized void addPushRestrictions(String pattern, int count) {
        for (int i = 0; i < count; i++) {
            restriction("push", pattern, null, List.of(nickname(i % 4)));
        }
    }

    private void restriction(String kind, String pattern, Integer value, List<String> users) {
        long id = nextRestrictionId++;
        ObjectNode r = BitbucketSimulator.SHAPES.example("branch_restriction");
        r.put("kind", kind);
        ArrayNode userList = r.putArray("users");
        users.forEach(u -> userList.add(workspace.user(u)));
        href((ObjectNode) r.get("links"), "self", apiUrl() + "/branch-restrictions/" + id);
        r.put("pattern", pattern);
        if (value == null) {
            r.putNull("value");
        } else {
            r.put("value", value);
        }
        r.put("branch_match_kind", "glob");
        r.putArray("groups");
        r.put("id", id);
        branchRestrictions.add(r);
    }

    /** PENDING (no stage) or IN_PROGRESS with a stage (RUNNING, PAUSED, HALTED). */
    private void running(ObjectNode pipeline, String stage) {
        ObjectNode state = Shapes.MAPPER.createObjectNode();
        if (stage == null) {
            state.put("name", "PENDING");
            state.put("type", "pipeline_state_pending");
        } else {
            state.put("name", "IN_PROGRESS");
            state.put("type", "pipeline_state_in_progress");
            ObjectNode s = state.putObject("stage");
            s.put("name", stage);
            s.put("type", "pipeline_state_in_progress_" + stage.toLowerCase(Locale.ROOT));
        }
        pipeline.set("state", state);
        pipeline.remove("completed_on");
        pipeline.put("duration_in_seconds", 0);
        pipeline.put("build_seconds_used", 0);
        pipeline.put("first_successful", false);
        pipeline.put("expired", false);
    }

    /** COMPLETED with a result; STOPPED keeps the shape's terminator (the person who stopped it). */
    private void complete(ObjectNode pipeline, String resultName, Instant at) {
        ObjectNode state = BitbucketSimulator.SHAPES.example("pipeline").get("state").deepCopy();
        ObjectNode result = (ObjectNode) state.get("result");
        result.put("name", resultName);
        result.put("type", "pipeline_state_completed_" + resultName.toLowerCase(Locale.ROOT));
        if (resultName.equals("STOPPED")) {
            result.set("terminator", workspace.user(nickname(0)));
        } else {
            result.remove("terminator");
        }
        pipeline.set("state", state);
        pipeline.put("completed_on", PIPELINE_TIME.format(at));
        Instant created = Instant.from(PIPELINE_TIME.parse(pipeline.get("created_on").asText()));
        long seconds = at.getEpochSecond() - created.getEpochSecond();
        pipeline.put("duration_in_seconds", seconds);
        pipeline.put("build_seconds_used", seconds);
        boolean firstSuccess = resultName.equals("SUCCESSFUL") && pipelines.stream()
                .filter(p -> p != pipeline)
                .noneMatch(p -> p.at("/state/result/name").asText().equals("SUCCESSFUL"));
        pipeline.put("first_successful", firstSuccess);
        pipeline.put("expired", resultName.equals("EXPIRED"));
        // Keep key order of the shape: completed_on follows created_on.
        reorder(pipeline, "created_on", "completed_on");
    }

    private static void reorder(ObjectNode node, String after, String key) {
        var value = node.remove(key);
        ObjectNode copy = node.deepCopy();
        node.removeAll();
        copy.fields().forEachRemaining(e -> {
            node.set(e.getKey(), e.getValue());
            if (e.getKey().equals(after)) {
                node.set(key, value);
            }
        });
    }

    private ObjectNode pr(int id) {
        ObjectNode pr = pullRequests.get(id);
        if (pr == null) {
            throw new NoSuchElementException("no pull request " + id);
        }
        return pr;
    }

    private ObjectNode issue(int id) {
        requireTracker();
        ObjectNode issue = issues.get(id);
        if (issue == null) {
            throw new NoSuchElementException("no issue " + id);
        }
        return issue;
    }

    private void requireTracker() {
        if (!issueTracker) {
            throw new IllegalStateException(workspaceSlug + "/" + slug + " has no issue tracker");
        }
    }

    private static String short12(ObjectNode pr, String side) {
        return pr.get(side).get("commit").get("hash").asText();
    }

    private Instant tick() {
        clock = clock.plusSeconds(600);
        return clock;
    }

    private void touch(Instant at) {
        repository.put("updated_on", TIME.format(at));
    }

    private static List<ObjectNode> copies(Collection<ObjectNode> nodes) {
        return new ArrayList<>(nodes.stream().map(SimulatedBitbucketRepository::wire).toList());
    }

    /** A deep copy equal to what a client parses from the wire (numbers as the parser types them, not as put). */
    static ObjectNode wire(ObjectNode node) {
        try {
            return (ObjectNode) Shapes.MAPPER.readTree(node.toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
