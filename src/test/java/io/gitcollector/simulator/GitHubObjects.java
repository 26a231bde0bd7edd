package io.gitcollector.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Helpers that turn a real GitHub example object into a simulated one: user objects filled in for
 * a login (keeping the example's own key set), GitHub's legacy node ids, and URL rewriting so that
 * every URL a simulated object carries points at the simulator.
 */
final class GitHubObjects {

    /** Parsed once: the issues list builds one pull-request-as-issue per pull request per request. */
    private static final Map<String, List<ObjectNode>> TEMPLATES = Map.of(
            "issue", GitHubSimulator.SHAPES.examples("issue"),
            "issue_comment", GitHubSimulator.SHAPES.examples("issue_comment"),
            "review_comment", GitHubSimulator.SHAPES.examples("review_comment"),
            "contributor", GitHubSimulator.SHAPES.examples("contributor"),
            "workflow_run", GitHubSimulator.SHAPES.examples("workflow_run"),
            "branch_protection", GitHubSimulator.SHAPES.examples("branch_protection"));

    private GitHubObjects() {
    }

    /** A fresh copy of example {@code index} of a shape file. */
    static ObjectNode template(String entity, int index) {
        if (!TEMPLATES.containsKey(entity)) {
            return GitHubSimulator.SHAPES.example(entity, index);
        }
        return TEMPLATES.get(entity).get(index).deepCopy();
    }

    static ObjectNode template(String entity) {
        return template(entity, 0);
    }

    /** The recorded simple-user object (branch protection restrictions.users[0]): team members are served in this shape. */
    static ObjectNode simpleUser(String login, String apiBase, String webBase) {
        return fillUser((ObjectNode) template("branch_protection").at("/restrictions/users/0"), login, apiBase, webBase);
    }

    /** The recorded team object (branch protection restrictions.teams[0]). */
    static ObjectNode team() {
        return ((ObjectNode) template("branch_protection").at("/restrictions/teams/0")).deepCopy();
    }

    /**
     * Rewrites a user object of any real example for {@code login}: only the keys the example has are
     * set, so each entity keeps its own recorded user shape (with or without user_view_type…).
     */
    static ObjectNode fillUser(ObjectNode user, String login, String apiBase, String webBase) {
        long id = userId(login);
        String api = apiBase + "/users/" + login;
        putIfPresent(user, "login", login);
        if (user.has("id")) {
            user.put("id", id);
        }
        putIfPresent(user, "node_id", nodeId("User", id));
        putIfPresent(user, "avatar_url", webBase + "/avatars/u/" + id + "?v=4");
        putIfPresent(user, "gravatar_id", "");
        putIfPresent(user, "url", api);
        putIfPresent(user, "html_url", webBase + "/" + login);
        putIfPresent(user, "followers_url", api + "/followers");
        putIfPresent(user, "following_url", api + "/following{/other_user}");
        putIfPresent(user, "gists_url", api + "/gists{/gist_id}");
        putIfPresent(user, "starred_url", api + "/starred{/owner}{/repo}");
        putIfPresent(user, "subscriptions_url", api + "/subscriptions");
        putIfPresent(user, "organizations_url", api + "/orgs");
        putIfPresent(user, "repos_url", api + "/repos");
        putIfPresent(user, "events_url", api + "/events{/privacy}");
        putIfPresent(user, "received_events_url", api + "/received_events");
        if (login.endsWith("[bot]")) {
            user.put("type", "Bot");
        } else if ("Bot".equals(user.path("type").asText())) {
            user.put("type", "User");
        }
        if (user.has("site_admin")) {
            user.put("site_admin", false);
        }
        return user;
    }

    /** A stable user id per login, so the same person has the same id in every object. */
    static long userId(String login) {
        return 1_000_000L + Math.floorMod(login.toLowerCase(Locale.ROOT).hashCode(), 9_000_000);
    }

    /** GitHub's legacy global node id: base64 of "0" + type-name length + ":" + type name + database id. */
    static String nodeId(String type, long id) {
        String raw = "0" + type.length() + ":" + type + id;
        return Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces, in every text value under {@code node}, each key of {@code replacements} (in order) by its value. */
    static void replaceText(JsonNode node, Map<String, String> replacements) {
        rewrite(node, text -> {
            String out = text;
            for (Map.Entry<String, String> r : replacements.entrySet()) {
                out = out.replace(r.getKey(), r.getValue());
            }
            return out;
        });
    }

    /** Points every remaining github.com / api.github.com / avatars URL under {@code node} at the simulator. */
    static void pointAtSimulator(JsonNode node, String apiBase, String webBase) {
        rewrite(node, text -> {
            if (text.startsWith("https://api.github.com")) {
                return apiBase + text.substring("https://api.github.com".length());
            }
            if (text.startsWith("https://github.com")) {
                return webBase + text.substring("https://github.com".length());
            }
            if (text.startsWith("https://avatars.githubusercontent.com")) {
                return webBase + "/avatars" + text.substring("https://avatars.githubusercontent.com".length());
            }
            return text;
        });
    }

    /** Lowercase, non-alphanumerics as single hyphens: how GitHub derives a team slug from its name. */
    static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (node.has(field)) {
            node.put(field, value);
        }
    }

    private static void rewrite(JsonNode node, java.util.function.UnaryOperator<String> change) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isTextual()) {
                    field.setValue(TextNode.valueOf(change.apply(field.getValue().asText())));
                } else {
                    rewrite(field.getValue(), change);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(change.apply(array.get(i).asText())));
                } else {
                    rewrite(array.get(i), change);
                }
            }
        }
    }
}
