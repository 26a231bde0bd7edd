package io.gitcollector.simulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the objects of one simulated repository from the real example objects: take the example,
 * set the fields that vary (ids, numbers, times, states, users, URLs), and point every other URL
 * of the example at the simulator. Holds no state; {@link SimulatedRepository} owns the data.
 */
final class GitHubItems {

    private final String owner;
    private final String name;
    private final long repositoryId;
    private final String apiBase;
    private final String webBase;
    private final String apiRepo;
    private final String webRepo;

    GitHubItems(String owner, String name, long repositoryId, String apiBase, String webBase) {
        this.owner = owner;
        this.name = name;
        this.repositoryId = repositoryId;
        this.apiBase = apiBase;
        this.webBase = webBase;
        this.apiRepo = apiBase + "/repos/" + owner + "/" + name;
        this.webRepo = webBase + "/" + owner + "/" + name;
    }

    /** A plain issue (issue.json[0], recorded 2025 with type / sub-issue fields), open. */
    ObjectNode issue(long id, int number, String login, Instant at) {
        ObjectNode issue = GitHubObjects.template("issue", 0);
        common(issue, id, "Issue", number, "Issue " + number + " of " + name, login, at);
        issue.put("html_url", webRepo + "/issues/" + number);
        issue.put("body", "Simulated issue " + number + " of " + owner + "/" + name + ".");
        GitHubObjects.pointAtSimulator(issue, apiBase, webBase);
        return issue;
    }

    /**
     * A pull request as the issues endpoints list it (issue.json[1]): an issue id, not the pull request's,
     * a {@code pull_request} key and the pull request's state, times and draft flag.
     */
    ObjectNode pullAsIssue(ObjectNode pull, long issueId, int comments) {
        int number = pull.get("number").asInt();
        ObjectNode issue = GitHubObjects.template("issue", 1);
        common(issue, issueId, "PullRequest", number, pull.get("title").asText(),
                pull.get("user").get("login").asText(), Instant.parse(pull.get("created_at").asText()));
        issue.put("node_id", GitHubObjects.nodeId("PullRequest", pull.get("id").asLong()));
        issue.put("html_url", webRepo + "/pull/" + number);
        issue.put("state", pull.get("state").asText());
        issue.set("closed_at", pull.get("closed_at"));
        issue.set("updated_at", pull.get("updated_at"));
        issue.put("comments", comments);
        issue.put("draft", pull.path("draft").asBoolean());
        issue.put("body", "Simulated pull request " + number + ".");
        ObjectNode link = (ObjectNode) issue.get("pull_request");
        link.put("url", apiRepo + "/pulls/" + number);
        link.put("html_url", webRepo + "/pull/" + number);
        link.put("diff_url", webRepo + "/pull/" + number + ".diff");
        link.put("patch_url", webRepo + "/pull/" + number + ".patch");
        link.set("merged_at", pull.get("merged_at"));
        GitHubObjects.pointAtSimulator(issue, apiBase, webBase);
        return issue;
    }

    private void common(ObjectNode issue, long id, String nodeType, int number, String title, String login, Instant at) {
        String url = apiRepo + "/issues/" + number;
        issue.put("url", url);
        issue.put("repository_url", apiRepo);
        issue.put("labels_url", url + "/labels{/name}");
        issue.put("comments_url", url + "/comments");
        issue.put("events_url", url + "/events");
        issue.put("id", id);
        issue.put("node_id", GitHubObjects.nodeId(nodeType, id));
        issue.put("number", number);
        issue.put("title", title);
        GitHubObjects.fillUser((ObjectNode) issue.get("user"), login, apiBase, webBase);
        issue.put("state", "open");
        issue.put("comments", 0);
        issue.put("created_at", at.toString());
        issue.put("updated_at", at.toString());
        issue.putNull("closed_at");
        issue.putNull("closed_by");
        issue.putNull("state_reason");
        ((ObjectNode) issue.get("reactions")).put("url", url + "/reactions");
        issue.put("timeline_url", url + "/timeline");
    }

    /** The user object of a closed issue's closed_by, in the shape of the issue's own user. */
    ObjectNode closedBy(ObjectNode issue, String login) {
        return GitHubObjects.fillUser(issue.get("user").deepCopy(), login, apiBase, webBase);
    }

    /** An issue comment; on a pull request its html_url is …/pull/N#issuecomment-ID, its issue_url still …/issues/N. */
    ObjectNode issueComment(long id, int number, boolean onPull, String login, Instant at) {
        ObjectNode comment = GitHubObjects.template("issue_comment");
        comment.put("url", apiRepo + "/issues/comments/" + id);
        comment.put("html_url", webRepo + (onPull ? "/pull/" : "/issues/") + number + "#issuecomment-" + id);
        comment.put("issue_url", apiRepo + "/issues/" + number);
        comment.put("id", id);
        comment.put("node_id", GitHubObjects.nodeId("IssueComment", id));
        GitHubObjects.fillUser((ObjectNode) comment.get("user"), login, apiBase, webBase);
        comment.put("created_at", at.toString());
        comment.put("updated_at", at.toString());
        comment.put("body", "Comment " + id + " on #" + number + ".");
        ((ObjectNode) comment.get("reactions")).put("url", apiRepo + "/issues/comments/" + id + "/reactions");
        GitHubObjects.pointAtSimulator(comment, apiBase, webBase);
        return comment;
    }

    /** A review comment (a comment on a line of the diff), part of review {@code reviewId}. */
    ObjectNode reviewComment(long id, long reviewId, ObjectNode pull, String login, Instant at) {
        int number = pull.get("number").asInt();
        String sha = pull.get("head").get("sha").asText();
        String path = "src/main/java/Feature" + number + ".java";
        ObjectNode comment = GitHubObjects.template("review_comment");
        comment.put("url", apiRepo + "/pulls/comments/" + id);
        comment.put("pull_request_review_id", reviewId);
        comment.put("id", id);
        comment.put("node_id", GitHubObjects.nodeId("PullRequestReviewComment", id));
        comment.put("diff_hunk", "@@ -1,3 +1,4 @@\n class Feature" + number + " {\n+    int value = " + id + ";");
        comment.put("path", path);
        comment.put("commit_id", sha);
        comment.put("original_commit_id", sha);
        GitHubObjects.fillUser((ObjectNode) comment.get("user"), login, apiBase, webBase);
        comment.put("body", "Review comment " + id + " on #" + number + ".");
        comment.put("created_at", at.toString());
        comment.put("updated_at", at.toString());
        String html = webRepo + "/pull/" + number + "#discussion_r" + id;
        comment.put("html_url", html);
        comment.put("pull_request_url", apiRepo + "/pulls/" + number);
        ObjectNode links = (ObjectNode) comment.get("_links");
        ((ObjectNode) links.get("self")).put("href", apiRepo + "/pulls/comments/" + id);
        ((ObjectNode) links.get("html")).put("href", html);
        ((ObjectNode) links.get("pull_request")).put("href", apiRepo + "/pulls/" + number);
        ((ObjectNode) comment.get("reactions")).put("url", apiRepo + "/pulls/comments/" + id + "/reactions");
        GitHubObjects.pointAtSimulator(comment, apiBase, webBase);
        return comment;
    }

    /** A contributor: a user object with its number of contributions. */
    ObjectNode contributor(String login, int contributions) {
        ObjectNode contributor = GitHubObjects.fillUser(GitHubObjects.template("contributor"), login, apiBase, webBase);
        contributor.put("contributions", contributions);
        GitHubObjects.pointAtSimulator(contributor, apiBase, webBase);
        return contributor;
    }

    /** A team of the owner organization, addressed by ids as GitHub's team URLs are. */
    ObjectNode team(long orgId, long teamId, String teamName, String permission) {
        String slug = GitHubObjects.slug(teamName);
        String url = apiBase + "/organizations/" + orgId + "/team/" + teamId;
        ObjectNode team = GitHubObjects.team();
        team.put("name", teamName);
        team.put("id", teamId);
        team.put("node_id", GitHubObjects.nodeId("Team", teamId));
        team.put("slug", slug);
        team.put("description", "Simulated team " + teamName + " of " + owner + ".");
        team.put("privacy", "closed");
        team.put("url", url);
        team.put("html_url", webBase + "/orgs/" + owner + "/teams/" + slug);
        team.put("members_url", url + "/members{/member}");
        team.put("repositories_url", url + "/repos");
        team.put("permission", permission);
        team.putNull("parent");
        return team;
    }

    /** A team member, in the recorded simple-user shape. */
    ObjectNode member(String login) {
        return GitHubObjects.simpleUser(login, apiBase, webBase);
    }

    /**
     * A workflow run of the repository's CI workflow, on {@code branch} at {@code headSha}; the recorded
     * run's repository and (fork) head repository both become this repository.
     */
    ObjectNode run(long id, int runNumber, long checkSuiteId, String status, String conclusion, String actor,
            String branch, String headSha, String message, Instant at) {
        long workflowId = repositoryId * 10 + 1;
        String url = apiRepo + "/actions/runs/" + id;
        ObjectNode run = GitHubObjects.template("workflow_run");
        Map<String, String> repositories = new LinkedHashMap<>();
        repositories.put("https://api.github.com/repos/PyGithub/PyGithub", apiRepo);
        repositories.put("https://github.com/PyGithub/PyGithub", webRepo);
        repositories.put("https://api.github.com/repos/cclauss/PyGithub", apiRepo);
        repositories.put("https://github.com/cclauss/PyGithub", webRepo);
        GitHubObjects.replaceText(run, repositories);
        run.put("id", id);
        run.put("name", "CI");
        run.put("node_id", GitHubObjects.nodeId("WorkflowRun", id));
        run.put("head_branch", branch);
        run.put("head_sha", headSha);
        run.put("display_title", message);
        run.put("run_number", runNumber);
        run.put("event", "push");
        run.put("status", status);
        if (conclusion == null) {
            run.putNull("conclusion");
        } else {
            run.put("conclusion", conclusion);
        }
        run.put("workflow_id", workflowId);
        run.put("check_suite_id", checkSuiteId);
        run.put("check_suite_node_id", GitHubObjects.nodeId("CheckSuite", checkSuiteId));
        run.put("url", url);
        run.put("html_url", webRepo + "/actions/runs/" + id);
        run.putArray("pull_requests");
        run.put("created_at", at.toString());
        run.put("updated_at", at.toString());
        run.put("run_started_at", at.toString());
        GitHubObjects.fillUser((ObjectNode) run.get("actor"), actor, apiBase, webBase);
        GitHubObjects.fillUser((ObjectNode) run.get("triggering_actor"), actor, apiBase, webBase);
        run.put("jobs_url", url + "/jobs");
        run.put("logs_url", url + "/logs");
        run.put("check_suite_url", apiRepo + "/check-suites/" + checkSuiteId);
        run.put("artifacts_url", url + "/artifacts");
        run.put("cancel_url", url + "/cancel");
        run.put("rerun_url", url + "/rerun");
        run.put("workflow_url", apiRepo + "/actions/workflows/" + workflowId);
        ObjectNode head = (ObjectNode) run.get("head_commit");
        head.put("id", headSha);
        head.put("tree_id", SimulatorServer.sha1(headSha + "^{tree}"));
        head.put("message", message);
        head.put("timestamp", at.minusSeconds(60).toString());
        ((ObjectNode) head.get("author")).put("name", actor + " name").put("email", SimulatedRepository.noReplyEmail(actor));
        for (String field : new String[] {"repository", "head_repository"}) {
            ObjectNode repository = (ObjectNode) run.get(field);
            repository.put("id", repositoryId);
            repository.put("node_id", GitHubObjects.nodeId("Repository", repositoryId));
            repository.put("name", name);
            repository.put("full_name", owner + "/" + name);
            repository.put("description", "Simulated repository " + owner + "/" + name);
            repository.put("fork", false);
            ObjectNode ownerNode = GitHubObjects.fillUser((ObjectNode) repository.get("owner"), owner, apiBase, webBase);
            ownerNode.put("type", "Organization");
        }
        GitHubObjects.pointAtSimulator(run, apiBase, webBase);
        return run;
    }

    /** A branch as GET /branches lists it (the recorded shape): name, head commit, whether it is protected. */
    ObjectNode branch(String branch, String sha, boolean isProtected) {
        ObjectNode node = Shapes.MAPPER.createObjectNode();
        node.put("name", branch);
        node.putObject("commit").put("sha", sha).put("url", apiRepo + "/commits/" + sha);
        node.put("protected", isProtected);
        ObjectNode protection = node.putObject("protection");
        protection.put("enabled", isProtected);
        protection.putObject("required_status_checks").put("enforcement_level", isProtected ? "non_admins" : "off")
                .putArray("contexts");
        node.put("protection_url", apiRepo + "/branches/" + branch + "/protection");
        return node;
    }

    /**
     * The branch protection of {@code branch} (the recorded octokit fixture), its URLs moved to this
     * repository; {@code team}, when given, replaces the recorded push-restriction team.
     */
    ObjectNode protection(String branch, String restrictedUser, ObjectNode team) {
        ObjectNode protection = GitHubObjects.template("branch_protection");
        String apiBranch = apiRepo + "/branches/" + branch;
        Map<String, String> moves = new LinkedHashMap<>();
        moves.put("https://api.github.com/repos/octokit-fixture-org/tmp-scenario-branch-protection-20220719043700727-wbo1k/branches/main",
                apiBranch);
        moves.put("https://api.github.com/repos/octokit-fixture-org/branch-protection/branches/main", apiBranch);
        GitHubObjects.replaceText(protection, moves);
        GitHubObjects.fillUser((ObjectNode) protection.at("/restrictions/users/0"), restrictedUser, apiBase, webBase);
        GitHubObjects.fillUser((ObjectNode) protection.at("/required_pull_request_reviews/dismissal_restrictions/users/0"),
                restrictedUser, apiBase, webBase);
        if (team != null) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) protection.at("/restrictions/teams")).set(0, team);
        }
        GitHubObjects.pointAtSimulator(protection, apiBase, webBase);
        return protection;
    }
}
