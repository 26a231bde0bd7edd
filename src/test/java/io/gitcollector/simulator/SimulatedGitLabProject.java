package io.gitcollector.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.simulator.GitLabUsers.Person;

/**
 * One GitLab project the simulator serves: metadata, commits, merge requests with approvals and
 * notes, issues with notes, members, protected branches and pipelines. Every object starts as a
 * real GitLab example (api-shapes/gitlab) with the varying fields set. Deterministic for a given
 * seed: ids come from the project id, users from a fixed list, and times from a clock that starts
 * at 2024-01-01T00:00:00Z and ticks 600 s per mutation. Accessors return deep copies.
 */
public final class SimulatedGitLabProject {

    /** GitLab's API time format (merge requests, issues, notes, pipelines): milliseconds and Z. */
    private static final DateTimeFormatter API_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** Commit dates keep the committer's offset, so GitLab writes them as +00:00, not Z. */
    private static final DateTimeFormatter COMMIT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);
    private static final int APPROVALS_REQUIRED = 1;
    private static final String[] SEED_PIPELINE_STATUSES =
            {"success", "failed", "success", "canceled", "running", "skipped", "success", "pending"};
    private static final String[] SYSTEM_NOTES =
            {"assigned to @%s", "requested review from @%s", "changed the description", "added 1 commit"};

    final long id;
    final String fullPath;
    final List<SimulatedGitLabGroup> ancestors; // root first
    private final String webBase;
    private final String apiBase;
    private final ObjectNode project;
    private final List<ObjectNode> commits = new ArrayList<>(); // newest first, like git log
    private final Map<Integer, ObjectNode> mergeRequests = new LinkedHashMap<>();
    private final Map<Integer, List<ObjectNode>> approvedBy = new LinkedHashMap<>();
    private final Map<Integer, List<ObjectNode>> mergeRequestNotes = new LinkedHashMap<>();
    private final Map<Integer, ObjectNode> issues = new LinkedHashMap<>();
    private final Map<Integer, List<ObjectNode>> issueNotes = new LinkedHashMap<>();
    private final List<ObjectNode> members = new ArrayList<>();
    private final List<ObjectNode> protectedBranches = new ArrayList<>();
    private final Map<Long, ObjectNode> pipelines = new LinkedHashMap<>();
    private final Faults faults = new Faults();
    private Instant clock;
    private long sequence;       // global ids (merge request, issue, note, pipeline) derive from it
    private int pipelineIid;
    private boolean seededOnce;

    SimulatedGitLabProject(long id, String fullPath, List<SimulatedGitLabGroup> ancestors, String webBase, Instant start) {
        this.id = id;
        this.fullPath = fullPath;
        this.ancestors = List.copyOf(ancestors);
        this.webBase = webBase;
        this.apiBase = webBase + "/api/v4";
        this.clock = start;
        this.project = newProject(start);
    }

    // ---- seeding -------------------------------------------------------------------------------

    /**
     * Generates {@code commitCount} commits; {@code mergeRequestCount} merge requests (iid % 3: 0 merged,
     * 1 opened, 2 closed; some opened ones drafts) with iid % (maxApprovals + 1) approvals each;
     * {@code issueCount} issues (even iids closed); {@code notesPerItem} notes on each merge request and
     * issue (every third a system note); {@code pipelineCount} pipelines cycling through success, failed,
     * canceled, running, skipped and pending. The first call also adds the project's direct members and
     * its protected branches (main and release/*).
     */
    public synchronized SimulatedGitLabProject seed(int commitCount, int mergeRequestCount, int maxApprovals,
            int issueCount, int notesPerItem, int pipelineCount) {
        if (!seededOnce) {
            seededOnce = true;
            addMember(GitLabUsers.person("bob"), 30);
            addMember(GitLabUsers.person("dave"), 30);
            addMember(GitLabUsers.person("erin"), 20);
            addMember(GitLabUsers.person("project_16_bot"), 40);
            addProtectedBranches();
        }
        addCommits(commitCount);
        for (int i = 0; i < mergeRequestCount; i++) {
            int iid = openMergeRequest();
            for (int n = 0; n < notesPerItem; n++) {
                addMergeRequestNote(iid, n % 3 == 2);
            }
            for (int a = 0; a < iid % (maxApprovals + 1); a++) {
                approve(iid, GitLabUsers.person(iid + a).username());
            }
            switch (iid % 3) {
                case 0 -> merge(iid);
                case 2 -> close(iid);
                default -> {
                    if (iid % 7 == 1) {
                        ObjectNode mr = mergeRequests.get(iid);
                        mr.put("draft", true).put("work_in_progress", true).put("title", "Draft: " + mr.get("title").asText());
                    }
                }
            }
        }
        for (int i = 0; i < issueCount; i++) {
            int iid = openIssue();
            for (int n = 0; n < notesPerItem; n++) {
                addIssueNote(iid, n % 3 == 2);
            }
            if (iid % 2 == 0) {
                closeIssue(iid);
            }
        }
        for (int i = 0; i < pipelineCount; i++) {
            addPipeline(SEED_PIPELINE_STATUSES[pipelines.size() % SEED_PIPELINE_STATUSES.length]);
        }
        return this;
    }

    // ---- mutations (each ticks the clock) --------------------------------------------------------

    /** Pushes {@code count} commits to the default branch; returns their shas, oldest first. */
    public synchronized List<String> addCommits(int count) {
        List<String> shas = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant at = tick();
            int index = commits.size();
            String sha = SimulatorServer.sha1(fullPath + "#" + index);
            Person who = GitLabUsers.person(index);
            ObjectNode commit = GitLabSimulator.SHAPES.example("commit");
            commit.put("id", sha);
            commit.put("short_id", sha.substring(0, 8));
            commit.put("title", "Change " + index + " of " + project.get("path").asText());
            commit.put("author_name", who.name());
            commit.put("author_email", who.username() + "@example.com");
            commit.put("authored_date", COMMIT_TIME.format(at.minusSeconds(30)));
            commit.put("committer_name", who.name());
            commit.put("committer_email", who.username() + "@example.com");
            commit.put("committed_date", COMMIT_TIME.format(at));
            commit.put("created_at", COMMIT_TIME.format(at));
            commit.put("message", "Change " + index + " of " + project.get("path").asText() + "\n\nSimulated commit.\n");
            ArrayNode parents = commit.putArray("parent_ids");
            if (!commits.isEmpty()) {
                parents.add(commits.get(0).get("id").asText());
            }
            commit.put("web_url", webUrl() + "/-/commit/" + sha);
            // Sent only with with_stats=true (GitLabSimulator drops it otherwise), as GitLab does.
            int additions = 1 + (index * 7) % 40;
            int deletions = (index * 3) % 15;
            commit.putObject("stats").put("additions", additions).put("deletions", deletions).put("total", additions + deletions);
            commits.add(0, commit);
            shas.add(sha);
        }
        return shas;
    }

    /** Opens a merge request from a feature branch into main; returns its iid. */
    public synchronized int openMergeRequest() {
        Instant at = tick();
        int iid = mergeRequests.size() + 1;
        Person author = GitLabUsers.person(iid);
        Person reviewer = GitLabUsers.person(iid + 1);
        ObjectNode mr = GitLabSimulator.SHAPES.example("merge_request");
        mr.put("id", nextId());
        mr.put("iid", iid);
        mr.put("project_id", id);
        mr.put("title", "Merge request " + iid + " of " + project.get("path").asText());
        mr.put("description", "Simulated merge request !" + iid);
        mr.put("state", "opened");
        mr.putNull("merged_by");
        mr.putNull("merge_user");
        mr.putNull("merged_at");
        mr.putNull("merge_after");
        mr.put("prepared_at", time(at));
        mr.putNull("closed_by");
        mr.putNull("closed_at");
        mr.put("created_at", time(at));
        mr.put("updated_at", time(at));
        mr.put("target_branch", "main");
        mr.put("source_branch", "feature/" + iid);
        mr.set("author", user(author));
        mr.set("assignee", user(author));
        mr.putArray("assignees").add(user(author));
        mr.putArray("reviewers").add(user(reviewer));
        mr.put("source_project_id", id);
        mr.put("target_project_id", id);
        mr.putArray("labels");
        mr.put("draft", false);
        mr.put("work_in_progress", false);
        mr.putNull("milestone"); // the example's milestone points at another host
        mr.put("merge_when_pipeline_succeeds", false);
        mr.put("merge_status", "can_be_merged");
        mr.put("detailed_merge_status", "mergeable");
        mr.put("sha", SimulatorServer.sha1(fullPath + "!" + iid));
        mr.putNull("merge_commit_sha");
        mr.put("user_notes_count", 0);
        mr.put("web_url", webUrl() + "/-/merge_requests/" + iid);
        ObjectNode references = (ObjectNode) mr.get("references");
        references.put("short", "!" + iid).put("relative", "!" + iid).put("full", fullPath + "!" + iid);
        mergeRequests.put(iid, mr);
        approvedBy.put(iid, new ArrayList<>());
        mergeRequestNotes.put(iid, new ArrayList<>());
        return iid;
    }

    public synchronized void merge(int iid) {
        Instant at = tick();
        ObjectNode mr = mergeRequest0(iid);
        Person merger = GitLabUsers.person(iid + 2);
        mr.put("state", "merged");
        mr.set("merged_by", user(merger));
        mr.set("merge_user", user(merger));
        mr.put("merged_at", time(at));
        mr.put("merge_commit_sha", SimulatorServer.sha1(fullPath + "!merge" + iid));
        mr.put("detailed_merge_status", "not_open");
        mr.put("updated_at", time(at));
    }

    public synchronized void close(int iid) {
        Instant at = tick();
        ObjectNode mr = mergeRequest0(iid);
        mr.put("state", "closed");
        mr.set("closed_by", user(GitLabUsers.person(iid + 2)));
        mr.put("closed_at", time(at));
        mr.put("detailed_merge_status", "not_open");
        mr.put("updated_at", time(at));
    }

    /** {@code username} approves the merge request (once); like GitLab, this moves its updated_at. */
    public synchronized void approve(int iid, String username) {
        ObjectNode mr = mergeRequest0(iid);
        List<ObjectNode> list = approvedBy.get(iid);
        if (list.stream().anyMatch(a -> a.get("user").get("username").asText().equals(username))) {
            return; // GitLab refuses a second approval by the same user
        }
        Instant at = tick();
        ObjectNode approval = Shapes.MAPPER.createObjectNode();
        approval.set("user", user(GitLabUsers.person(username)));
        approval.put("approved_at", time(at));
        list.add(approval);
        mr.put("updated_at", time(at));
    }

    /** A user comment on a merge request; returns the note id. */
    public synchronized long addMergeRequestNote(int iid) {
        return addMergeRequestNote(iid, false);
    }

    /** A comment, or a system note ({@code "system": true}) as GitLab writes for events; returns the note id. */
    public synchronized long addMergeRequestNote(int iid, boolean system) {
        ObjectNode mr = mergeRequest0(iid);
        return addNote(mr, "MergeRequest", mergeRequestNotes.get(iid), system);
    }

    /** Opens an issue; returns its iid. */
    public synchronized int openIssue() {
        Instant at = tick();
        int iid = issues.size() + 1;
        Person author = GitLabUsers.person(iid + 3);
        ObjectNode issue = GitLabSimulator.SHAPES.example("issue");
        issue.put("id", nextId());
        issue.put("iid", iid);
        issue.put("project_id", id);
        issue.put("title", "Issue " + iid + " of " + project.get("path").asText());
        issue.put("description", "Simulated issue #" + iid);
        issue.put("state", "opened");
        issue.put("created_at", time(at));
        issue.put("updated_at", time(at));
        issue.putNull("closed_at");
        issue.putNull("closed_by");
        issue.putNull("milestone"); // the example's milestone points at another host
        issue.putArray("assignees").add(user(author));
        issue.set("author", user(author));
        issue.set("assignee", user(author));
        issue.put("user_notes_count", 0);
        issue.put("merge_requests_count", 0);
        issue.put("web_url", webUrl() + "/-/issues/" + iid);
        String self = apiBase + "/projects/" + id + "/issues/" + iid;
        ObjectNode links = (ObjectNode) issue.get("_links");
        links.put("self", self).put("notes", self + "/notes").put("award_emoji", self + "/award_emoji")
                .put("project", apiBase + "/projects/" + id);
        ObjectNode references = (ObjectNode) issue.get("references");
        references.put("short", "#" + iid).put("relative", "#" + iid).put("full", fullPath + "#" + iid);
        issues.put(iid, issue);
        issueNotes.put(iid, new ArrayList<>());
        refreshOpenIssues();
        return iid;
    }

    public synchronized void closeIssue(int iid) {
        Instant at = tick();
        ObjectNode issue = issue0(iid);
        issue.put("state", "closed");
        issue.put("closed_at", time(at));
        issue.set("closed_by", user(GitLabUsers.person(iid)));
        issue.put("updated_at", time(at));
        refreshOpenIssues();
    }

    public synchronized long addIssueNote(int iid) {
        return addIssueNote(iid, false);
    }

    public synchronized long addIssueNote(int iid, boolean system) {
        ObjectNode issue = issue0(iid);
        return addNote(issue, "Issue", issueNotes.get(iid), system);
    }

    /**
     * A pipeline for the head of main in {@code status}: running ones have started, finished ones
     * (success, failed, canceled) carry started_at, finished_at and duration; returns its id.
     */
    public synchronized long addPipeline(String status) {
        Instant at = tick();
        long pipelineId = nextId();
        int iid = ++pipelineIid;
        ObjectNode p = GitLabSimulator.SHAPES.example("pipeline_detail");
        p.put("id", pipelineId);
        p.put("iid", iid);
        p.put("project_id", id);
        p.putNull("name");
        p.put("sha", commits.isEmpty() ? SimulatorServer.sha1(fullPath + "|pipeline" + iid) : commits.get(0).get("id").asText());
        p.put("ref", "main");
        p.put("source", iid % 4 == 0 ? "schedule" : "push");
        p.put("created_at", time(at));
        p.put("web_url", webUrl() + "/-/pipelines/" + pipelineId);
        p.put("before_sha", pipelines.isEmpty() ? "0000000000000000000000000000000000000000"
                : pipelines.values().stream().reduce((a, b) -> b).orElseThrow().get("sha").asText());
        p.set("user", user(GitLabUsers.person(iid)));
        p.putNull("started_at");
        p.putNull("finished_at");
        p.putNull("duration");
        p.putNull("queued_duration");
        Instant updated = at;
        switch (status) {
            case "running", "canceling" -> updated = start(p, at);
            case "success", "failed", "canceled" -> {
                Instant started = start(p, at);
                updated = finish(p, started, started.plusSeconds(60 + (iid * 37L) % 400));
            }
            case "skipped" -> p.put("finished_at", time(at));
            default -> {
                // created, pending, manual, scheduled...: not started yet
            }
        }
        setStatus(p, status);
        p.put("updated_at", time(updated));
        pipelines.put(pipelineId, p);
        return pipelineId;
    }

    /** Finishes a pipeline now in {@code status} (success, failed, canceled...), moving its updated_at. */
    public synchronized void finishPipeline(long pipelineId, String status) {
        Instant at = tick();
        ObjectNode p = pipeline0(pipelineId);
        Instant started = p.get("started_at").isNull() ? start(p, parse(p.get("created_at").asText()))
                : parse(p.get("started_at").asText());
        finish(p, started, at);
        setStatus(p, status);
        p.put("updated_at", time(at));
    }

    // ---- accessors: deep copies of exactly what is served -----------------------------------------

    /** GET /projects/:id. */
    public synchronized ObjectNode project() {
        ObjectNode copy = copy(project);
        copy.put("empty_repo", commits.isEmpty());
        ((ObjectNode) copy.get("statistics")).put("commit_count", commits.size());
        return copy;
    }

    /** Commits of the default branch, newest first. */
    public synchronized List<ObjectNode> commits() {
        return copies(commits);
    }

    public synchronized List<String> commitShas() {
        return commits.stream().map(c -> c.get("id").asText()).toList();
    }

    /** Merge requests in iid order, as the list endpoint shapes them. */
    public synchronized List<ObjectNode> mergeRequests() {
        return copies(mergeRequests.values());
    }

    public synchronized ObjectNode mergeRequest(int iid) {
        return copy(mergeRequest0(iid));
    }

    /** GET /projects/:id/merge_requests/:iid/approvals, or null for an unknown iid. */
    public synchronized ObjectNode approvals(int iid) {
        ObjectNode mr = mergeRequests.get(iid);
        if (mr == null) {
            return null;
        }
        ObjectNode a = GitLabSimulator.SHAPES.example("approvals");
        for (String f : List.of("id", "iid", "project_id", "title", "description", "state", "created_at", "updated_at", "merge_status")) {
            a.set(f, mr.get(f).deepCopy());
        }
        List<ObjectNode> list = approvedBy.get(iid);
        a.put("approvals_required", APPROVALS_REQUIRED);
        a.put("approvals_left", Math.max(0, APPROVALS_REQUIRED - list.size()));
        ArrayNode by = a.putArray("approved_by");
        list.forEach(by::add);
        return copy(a);
    }

    /** Notes of a merge request in creation order, or null for an unknown iid. */
    public synchronized List<ObjectNode> mergeRequestNotes(int iid) {
        List<ObjectNode> notes = mergeRequestNotes.get(iid);
        return notes == null ? null : copies(notes);
    }

    public synchronized List<ObjectNode> issues() {
        return copies(issues.values());
    }

    public synchronized ObjectNode issue(int iid) {
        return copy(issue0(iid));
    }

    public synchronized List<ObjectNode> issueNotes(int iid) {
        List<ObjectNode> notes = issueNotes.get(iid);
        return notes == null ? null : copies(notes);
    }

    /**
     * GET /projects/:id/members/all: direct members and members of every ancestor group; a user in
     * several keeps the membership with the highest access_level (as GitLab documents). By user id.
     */
    public synchronized List<ObjectNode> members() {
        Map<Long, ObjectNode> best = new LinkedHashMap<>();
        List<ObjectNode> all = new ArrayList<>(copies(members));
        ancestors.forEach(g -> all.addAll(g.members()));
        for (ObjectNode m : all) {
            best.merge(m.get("id").asLong(), m,
                    (a, b) -> b.get("access_level").asInt() > a.get("access_level").asInt() ? b : a);
        }
        return best.values().stream().sorted(Comparator.comparingLong(m -> m.get("id").asLong())).toList();
    }

    /** The direct members of the project only. */
    public synchronized List<ObjectNode> directMembers() {
        return copies(members);
    }

    /** GET /projects/:id/groups: the ancestor groups, root first (ascending id). */
    public List<ObjectNode> groups() {
        return ancestors.stream().map(SimulatedGitLabGroup::group).toList();
    }

    /** GET /groups/:id/members for one of this project's ancestor groups, or null. */
    public List<ObjectNode> groupMembers(long groupId) {
        return ancestors.stream().filter(g -> g.id == groupId).findFirst().map(SimulatedGitLabGroup::members).orElse(null);
    }

    public synchronized List<ObjectNode> protectedBranches() {
        return copies(protectedBranches);
    }

    /** Pipelines as GET /projects/:id/pipelines/:pipeline_id shapes them (detail objects), in id order. */
    public synchronized List<ObjectNode> pipelines() {
        return copies(pipelines.values());
    }

    /** The detail object of one pipeline, or null. */
    public synchronized ObjectNode pipeline(long pipelineId) {
        ObjectNode p = pipelines.get(pipelineId);
        return p == null ? null : copy(p);
    }

    /** A pipeline as the list endpoint shapes it: only the fields of pipeline.json[0]. */
    static ObjectNode listItem(ObjectNode detail) {
        ObjectNode item = GitLabSimulator.SHAPES.example("pipeline");
        item.fieldNames().forEachRemaining(f -> item.set(f, detail.get(f)));
        return item;
    }

    public Faults faults() {
        return faults;
    }

    public long id() {
        return id;
    }

    public String fullPath() {
        return fullPath;
    }

    /** The project's web_url: baseUrl() + "/" + full path. */
    public String url() {
        return webUrl();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private ObjectNode newProject(Instant start) {
        String path = fullPath.substring(fullPath.lastIndexOf('/') + 1);
        String host = webBase.replaceFirst("^https?://", "");
        SimulatedGitLabGroup parent = ancestors.get(ancestors.size() - 1);
        ObjectNode p = GitLabSimulator.SHAPES.example("project");
        p.put("id", id);
        p.put("description", "Simulated project " + fullPath);
        p.put("description_html", "<p data-sourcepos=\"1:1-1:" + (18 + fullPath.length()) + "\" dir=\"auto\">Simulated project "
                + fullPath + "</p>");
        p.put("default_branch", "main");
        p.put("ssh_url_to_repo", "git@" + host.replaceFirst(":\\d+$", "") + ":" + fullPath + ".git");
        p.put("http_url_to_repo", webBase + "/" + fullPath + ".git");
        p.put("web_url", webBase + "/" + fullPath);
        p.put("readme_url", webBase + "/" + fullPath + "/-/blob/main/README.md");
        p.putArray("tag_list");
        p.putArray("topics");
        p.remove("owner");   // only projects in a user namespace have an owner
        p.remove("license"); // GitLab sends it only for ?license=true
        p.put("name", title(path));
        p.put("name_with_namespace", parent.fullName() + " / " + title(path));
        p.put("path", path);
        p.put("path_with_namespace", fullPath);
        p.put("open_issues_count", 0);
        p.put("created_at", time(start));
        p.put("updated_at", time(start));
        p.put("last_activity_at", time(start));
        p.put("creator_id", GitLabUsers.PEOPLE.get(0).id());
        p.set("namespace", parent.namespace(webBase));
        p.put("avatar_url", webBase + "/uploads/-/system/project/avatar/" + id + "/avatar.png");
        p.put("license_url", webBase + "/" + fullPath + "/-/blob/main/LICENSE");
        p.putArray("shared_with_groups");
        p.putNull("marked_for_deletion_at");
        p.putNull("marked_for_deletion_on");
        p.putArray("compliance_frameworks");
        p.put("container_registry_image_prefix", host + "/" + fullPath);
        String self = apiBase + "/projects/" + id;
        ObjectNode links = (ObjectNode) p.get("_links");
        links.put("self", self).put("issues", self + "/issues").put("merge_requests", self + "/merge_requests")
                .put("repo_branches", self + "/repository/branches").put("labels", self + "/labels")
                .put("events", self + "/events").put("members", self + "/members")
                .put("cluster_agents", self + "/cluster_agents");
        return p;
    }

    private void addMember(Person p, int accessLevel) {
        members.add(GitLabUsers.member(p, accessLevel, Instant.parse("2023-06-01T00:00:00Z").plusSeconds(p.id() * 3600),
                GitLabUsers.PEOPLE.get(0), webBase));
    }

    /** One more protected branch (or wildcard), protected as the first example is. */
    public synchronized void addProtectedBranch(String name) {
        ObjectNode b = GitLabSimulator.SHAPES.example("protected_branch");
        b.put("id", nextId());
        b.put("name", name);
        for (String levels : List.of("push_access_levels", "merge_access_levels")) {
            b.get(levels).forEach(l -> ((ObjectNode) l).put("id", nextId()));
        }
        protectedBranches.add(b);
    }

    private void addProtectedBranches() {
        for (ObjectNode b : GitLabSimulator.SHAPES.examples("protected_branch")) {
            b.put("id", nextId());
            for (String levels : List.of("push_access_levels", "merge_access_levels")) {
                b.get(levels).forEach(l -> ((ObjectNode) l).put("id", nextId()));
            }
            protectedBranches.add(b);
        }
    }

    private long addNote(ObjectNode noteable, String type, List<ObjectNode> notes, boolean system) {
        Instant at = tick();
        long noteId = nextId();
        Person author = GitLabUsers.person((int) (noteId % GitLabUsers.PEOPLE.size()));
        ObjectNode note = GitLabSimulator.SHAPES.example("note");
        note.put("id", noteId);
        note.put("body", system ? String.format(Locale.ROOT, SYSTEM_NOTES[notes.size() % SYSTEM_NOTES.length],
                GitLabUsers.person(notes.size()).username()) : "Comment " + (notes.size() + 1) + " on " + type + " " + noteable.get("iid"));
        note.set("author", user(author));
        note.put("created_at", time(at));
        note.put("updated_at", time(at));
        note.put("system", system);
        note.put("noteable_id", noteable.get("id").asLong());
        note.put("noteable_type", type);
        note.put("noteable_iid", noteable.get("iid").asInt());
        note.put("project_id", id);
        notes.add(note);
        noteable.put("user_notes_count", notes.stream().filter(n -> !n.get("system").asBoolean()).count());
        noteable.put("updated_at", time(at)); // a note touches its noteable in GitLab
        return noteId;
    }

    private Instant start(ObjectNode p, Instant created) {
        Instant started = created.plusSeconds(5);
        p.put("started_at", time(started));
        p.put("queued_duration", 5);
        return started;
    }

    private Instant finish(ObjectNode p, Instant started, Instant finished) {
        p.put("finished_at", time(finished));
        p.put("duration", Duration.between(started, finished).toSeconds());
        return finished;
    }

    /** status plus detailed_status as GitLab renders it (success shows as "passed"). */
    private void setStatus(ObjectNode p, String status) {
        p.put("status", status);
        String text = status.equals("success") ? "passed" : status;
        ObjectNode d = (ObjectNode) p.get("detailed_status");
        d.put("icon", "status_" + status);
        d.put("text", text);
        d.put("label", text);
        d.put("group", status);
        d.put("tooltip", text);
        d.put("details_path", "/" + fullPath + "/-/pipelines/" + p.get("id").asLong());
        d.put("favicon", "/assets/ci_favicons/favicon_status_" + status + ".png");
    }

    private void refreshOpenIssues() {
        project.put("open_issues_count", issues.values().stream().filter(i -> i.get("state").asText().equals("opened")).count());
    }

    private ObjectNode mergeRequest0(int iid) {
        ObjectNode mr = mergeRequests.get(iid);
        if (mr == null) {
            throw new IllegalArgumentException("no merge request !" + iid + " in " + fullPath);
        }
        return mr;
    }

    private ObjectNode issue0(int iid) {
        ObjectNode issue = issues.get(iid);
        if (issue == null) {
            throw new IllegalArgumentException("no issue #" + iid + " in " + fullPath);
        }
        return issue;
    }

    private ObjectNode pipeline0(long pipelineId) {
        ObjectNode p = pipelines.get(pipelineId);
        if (p == null) {
            throw new IllegalArgumentException("no pipeline " + pipelineId + " in " + fullPath);
        }
        return p;
    }

    private ObjectNode user(Person p) {
        return GitLabUsers.user(p, webBase);
    }

    private String webUrl() {
        return webBase + "/" + fullPath;
    }

    private long nextId() {
        return id * 1_000_000 + ++sequence;
    }

    private Instant tick() {
        clock = clock.plusSeconds(600);
        project.put("last_activity_at", time(clock)); // pushes, merge requests, issues and notes are activity
        return clock;
    }

    private static List<ObjectNode> copies(java.util.Collection<ObjectNode> nodes) {
        return nodes.stream().map(SimulatedGitLabProject::copy).toList();
    }

    /**
     * A deep copy whose numbers are typed as a JSON parser types them (int when the value fits), so
     * that an accessor's object equals the parsed response (IntNode 101 is not LongNode 101).
     */
    static ObjectNode copy(ObjectNode node) {
        ObjectNode copy = node.deepCopy();
        canonical(copy);
        return copy;
    }

    private static void canonical(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                if (value.isLong() && value.canConvertToInt()) {
                    object.put(name, value.intValue());
                } else {
                    canonical(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isLong() && array.get(i).canConvertToInt()) {
                    array.set(i, IntNode.valueOf(array.get(i).intValue()));
                } else {
                    canonical(array.get(i));
                }
            }
        }
    }

    static String time(Instant at) {
        return API_TIME.format(at);
    }

    static Instant parse(String time) {
        return java.time.OffsetDateTime.parse(time).toInstant();
    }

    /** "platform-api" → "Platform Api": how the simulator names groups and projects after their paths. */
    static String title(String path) {
        return Arrays.stream(path.split("[-_. ]+")).filter(s -> !s.isEmpty())
                .map(s -> Character.toUpperCase(s.charAt(0)) + s.substring(1)).collect(Collectors.joining(" "));
    }
}
