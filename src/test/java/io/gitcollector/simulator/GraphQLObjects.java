package io.gitcollector.simulator;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The GraphQL view of the REST simulator's objects, so a REST sync and a GraphQL sync of one repository see
 * the same items: {@code databaseId}/{@code fullDatabaseId} = REST {@code id}, {@code oid} = {@code sha},
 * {@code url} = {@code html_url}, REST states mapped to GitHub's enums. Values are plain maps (graphql-java
 * reads a field by its name); keys starting with {@code _} are the simulator's own, never served.
 */
final class GraphQLObjects {

    static final String TYPE = "_type";
    static final String REPOSITORY = "_repository";
    static final String NUMBER = "_number";
    static final String INDEX = "_index";

    private GraphQLObjects() {
    }

    static Map<String, Object> repository(SimulatedRepository r) {
        ObjectNode repo = r.repo();
        Map<String, Object> m = node("Repository", GraphQLNodeIds.of("Repository", r.repoId()), r);
        m.put("databaseId", r.repoId());
        m.put("name", repo.get("name").asText());
        m.put("nameWithOwner", repo.get("full_name").asText());
        m.put("owner", user(repo.get("owner").get("login").asText(), r.webBase));
        m.put("url", repo.get("html_url").asText());
        m.put("createdAt", repo.get("created_at").asText());
        m.put("updatedAt", repo.get("updated_at").asText());
        m.put("pushedAt", text(repo, "pushed_at"));
        m.put("isPrivate", repo.path("private").asBoolean(false));
        if (!r.commits().isEmpty()) {
            // GitHub answers defaultBranchRef: null for an empty repository.
            Map<String, Object> ref = node("Ref", GraphQLNodeIds.ref(r.repoId(), "refs/heads/" + SimulatedRepository.DEFAULT_BRANCH), r);
            ref.put("name", SimulatedRepository.DEFAULT_BRANCH);
            ref.put("prefix", "refs/heads/");
            ref.put("target", commit(r, r.commits().get(0), 0));
            m.put("defaultBranchRef", ref);
        } else {
            m.put("defaultBranchRef", null);
        }
        return m;
    }

    static Map<String, Object> pullRequest(SimulatedRepository r, ObjectNode pull) {
        int number = pull.get("number").asInt();
        long id = pull.get("id").asLong();
        Map<String, Object> m = node("PullRequest", GraphQLNodeIds.of("PullRequest", r.repoId(), id), r);
        m.put(NUMBER, number);
        // An Int: over 2^31-1 it cannot be served (graphql-java answers null and an error), as on GitHub,
        // whose pull request ids passed 2^31 in 2024; fullDatabaseId is the BigInt GitHub added for that.
        m.put("databaseId", id);
        m.put("fullDatabaseId", Long.toString(id));
        m.put("number", number);
        m.put("title", pull.get("title").asText());
        m.put("body", pull.path("body").asText(""));
        boolean merged = !pull.path("merged_at").isNull() && pull.has("merged_at");
        boolean closed = pull.get("state").asText().equals("closed");
        m.put("state", pullRequestState(pull));
        m.put("isDraft", pull.path("draft").asBoolean(false));
        m.put("closed", closed);
        m.put("merged", merged);
        m.put("locked", pull.path("locked").asBoolean(false));
        m.put("createdAt", pull.get("created_at").asText());
        m.put("updatedAt", pull.get("updated_at").asText());
        m.put("closedAt", text(pull, "closed_at"));
        m.put("mergedAt", text(pull, "merged_at"));
        // REST lists carry no merged_by and the simulator does not record who merged: the author did.
        m.put("mergedBy", merged ? actor(pull.get("user"), r.webBase) : null);
        m.put("author", actor(pull.get("user"), r.webBase));
        m.put("baseRefName", pull.get("base").get("ref").asText());
        m.put("headRefName", pull.get("head").get("ref").asText());
        m.put("headRefOid", pull.get("head").get("sha").asText());
        SimulatedRepository.LineCounts lines = r.pullLineCounts(number);
        m.put("additions", lines.additions());
        m.put("deletions", lines.deletions());
        m.put("changedFiles", lines.changedFiles());
        m.put("url", pull.get("html_url").asText());
        return m;
    }

    /** A REST pull request's GraphQL state: MERGED, CLOSED or OPEN. */
    static String pullRequestState(ObjectNode pull) {
        boolean merged = !pull.path("merged_at").isNull() && pull.has("merged_at");
        return merged ? "MERGED" : pull.get("state").asText().equals("closed") ? "CLOSED" : "OPEN";
    }

    static Map<String, Object> review(SimulatedRepository r, int number, ObjectNode review) {
        long id = review.get("id").asLong();
        Map<String, Object> m = node("PullRequestReview", GraphQLNodeIds.of("PullRequestReview", r.repoId(), id), r);
        m.put(NUMBER, number);
        m.put("databaseId", id);
        m.put("state", review.get("state").asText());
        m.put("body", review.path("body").asText(""));
        String submitted = text(review, "submitted_at");
        m.put("submittedAt", submitted);
        m.put("createdAt", submitted);
        m.put("updatedAt", submitted);
        m.put("publishedAt", submitted);
        m.put("author", actor(review.get("user"), r.webBase));
        m.put("url", review.get("html_url").asText());
        return m;
    }

    static Map<String, Object> reviewComment(SimulatedRepository r, int number, ObjectNode comment) {
        long id = comment.get("id").asLong();
        Map<String, Object> m = node("PullRequestReviewComment", GraphQLNodeIds.of("PullRequestReviewComment", r.repoId(), id), r);
        m.put(NUMBER, number);
        m.put("_reviewId", comment.get("pull_request_review_id").asLong());
        m.put("databaseId", id);
        m.put("body", comment.get("body").asText());
        m.put("path", comment.get("path").asText());
        m.put("diffHunk", comment.get("diff_hunk").asText());
        m.put("createdAt", comment.get("created_at").asText());
        m.put("updatedAt", comment.get("updated_at").asText());
        m.put("publishedAt", comment.get("created_at").asText());
        m.put("author", actor(comment.get("user"), r.webBase));
        m.put("url", comment.get("html_url").asText());
        return m;
    }

    static Map<String, Object> issueComment(SimulatedRepository r, ObjectNode comment) {
        long id = comment.get("id").asLong();
        Map<String, Object> m = node("IssueComment", GraphQLNodeIds.of("IssueComment", r.repoId(), id), r);
        m.put("databaseId", id);
        m.put("body", comment.get("body").asText());
        m.put("createdAt", comment.get("created_at").asText());
        m.put("updatedAt", comment.get("updated_at").asText());
        m.put("author", actor(comment.get("user"), r.webBase));
        m.put("url", comment.get("html_url").asText());
        return m;
    }

    /** A commit; {@code index} is its place in the repository's history, newest first (0 = the default branch's head). */
    static Map<String, Object> commit(SimulatedRepository r, ObjectNode commit, int index) {
        String sha = commit.get("sha").asText();
        Map<String, Object> m = node("Commit", GraphQLNodeIds.commit(r.repoId(), sha), r);
        m.put(INDEX, index);
        JsonNode inner = commit.get("commit");
        m.put("oid", sha);
        m.put("abbreviatedOid", sha.substring(0, 7));
        m.put("commitUrl", commit.get("html_url").asText());
        m.put("url", commit.get("html_url").asText());
        String message = inner.get("message").asText();
        int newline = message.indexOf('\n');
        m.put("message", message);
        m.put("messageHeadline", newline < 0 ? message : message.substring(0, newline));
        m.put("messageBody", newline < 0 ? "" : message.substring(newline + 1).strip());
        SimulatedRepository.LineCounts lines = r.commitLineCounts(sha);
        m.put("additions", lines == null ? 0 : lines.additions());
        m.put("deletions", lines == null ? 0 : lines.deletions());
        m.put("changedFiles", lines == null ? 0 : lines.changedFiles());
        m.put("changedFilesIfAvailable", lines == null ? null : lines.changedFiles());
        m.put("author", gitActor(inner.get("author"), commit.get("author"), r.webBase));
        m.put("committer", gitActor(inner.get("committer"), commit.get("committer"), r.webBase));
        m.put("authoredDate", inner.get("author").get("date").asText());
        m.put("committedDate", inner.get("committer").get("date").asText());
        return m;
    }

    /**
     * An Actor from a REST user object. A {@code …[bot]} login is a Bot whose GraphQL login drops the suffix, as
     * on GitHub (REST {@code dependabot[bot]} is GraphQL {@code dependabot}).
     */
    static Map<String, Object> actor(JsonNode user, String webBase) {
        if (user == null || user.isNull()) {
            return null;
        }
        String login = user.get("login").asText();
        if (login.endsWith("[bot]")) {
            String app = login.substring(0, login.length() - "[bot]".length());
            long id = GitHubObjects.userId(login);
            Map<String, Object> bot = new HashMap<>();
            bot.put(TYPE, "Bot");
            bot.put("id", GraphQLNodeIds.of("Bot", id));
            bot.put("databaseId", id);
            bot.put("login", app);
            bot.put("url", webBase + "/apps/" + app);
            bot.put("avatarUrl", webBase + "/avatars/in/" + id + "?v=4");
            return bot;
        }
        return user(login, webBase);
    }

    static Map<String, Object> user(String login, String webBase) {
        long id = GitHubObjects.userId(login);
        Map<String, Object> user = new HashMap<>();
        user.put(TYPE, "User");
        user.put("id", GraphQLNodeIds.of("User", id));
        user.put("databaseId", id);
        user.put("login", login);
        user.put("name", login + " name");
        user.put("url", webBase + "/" + login);
        user.put("avatarUrl", webBase + "/avatars/u/" + id + "?v=4");
        return user;
    }

    /** A GitActor: the git identity (name, email, date) and, when GitHub matched it to an account, the user (bots are no User). */
    private static Map<String, Object> gitActor(JsonNode git, JsonNode account, String webBase) {
        Map<String, Object> m = new HashMap<>();
        m.put("name", git.get("name").asText());
        m.put("email", git.get("email").asText());
        m.put("date", git.get("date").asText());
        String login = account == null || account.isNull() ? null : account.path("login").asText(null);
        m.put("user", login == null || login.endsWith("[bot]") ? null : user(login, webBase));
        m.put("avatarUrl", webBase + "/avatars/u/e?email=" + git.get("email").asText());
        return m;
    }

    private static Map<String, Object> node(String type, String id, SimulatedRepository r) {
        Map<String, Object> m = new HashMap<>();
        m.put(TYPE, type);
        m.put(REPOSITORY, r);
        m.put("id", id);
        return m;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
