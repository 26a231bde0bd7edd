package io.gitcollector.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One Bitbucket workspace: its object, its members, and the user objects every served item embeds.
 * Shared by the repositories created in it (members and the workspace belong to the workspace, not
 * to a repository). Built from workspace.json, member.json and the users inside pullrequest.json.
 */
final class BitbucketWorkspace {

    /** Nicknames and display names of the simulated people; index 0 owns the workspace. */
    static final String[][] PEOPLE = {
        {"alice.dev", "Alice Developer"}, {"bob.ops", "Bob Operator"}, {"carol.qa", "Carol Tester"},
        {"dave.lead", "Dave Lead"}, {"erin.bot", "Erin Automation"}};

    /** Bitbucket's usual timestamp: microseconds and an explicit +00:00 offset. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'")
            .withZone(ZoneOffset.UTC);

    final String slug;
    final String api;
    final String web;
    private final ObjectNode workspace;
    private final List<ObjectNode> members = new ArrayList<>();

    BitbucketWorkspace(String slug, String api, String web, Instant createdOn) {
        this.slug = slug;
        this.api = api;
        this.web = web;
        workspace = BitbucketSimulator.SHAPES.example("workspace");
        workspace.put("created_on", TIME.format(createdOn));
        workspace.put("is_private", true);
        ObjectNode links = (ObjectNode) workspace.get("links");
        href(links, "avatar", web + "/workspaces/" + slug + "/avatar/?ts=1704067200");
        links.putObject("hooks").put("href", api + "/workspaces/" + slug + "/hooks"); // in the 2022 recording
        href(links, "html", web + "/" + slug + "/");
        href(links, "members", api + "/workspaces/" + slug + "/members");
        href(links, "owners", api + "/workspaces/" + slug + "/members?q=permission%3D%22owner%22");
        href(links, "projects", api + "/workspaces/" + slug + "/projects");
        href(links, "repositories", api + "/repositories/" + slug);
        href(links, "self", api + "/workspaces/" + slug);
        href(links, "snippets", api + "/snippets/" + slug);
        workspace.put("name", displayName(slug));
        workspace.put("slug", slug);
        workspace.put("uuid", uuid("workspace/" + slug));
    }

    /** Adds every simulated person as a member (once). */
    synchronized void seedMembers() {
        if (!members.isEmpty()) {
            return;
        }
        for (String[] person : PEOPLE) {
            // The members endpoint serves workspace_membership without permission/last_accessed/added_on.
            ObjectNode member = BitbucketSimulator.SHAPES.example("member");
            member.remove(List.of("permission", "last_accessed", "added_on"));
            ObjectNode user = (ObjectNode) member.get("user");
            user.put("uuid", uuid("user/" + person[0]));
            user.put("nickname", person[0]);
            user.put("display_name", person[1]);
            member.set("workspace", workspaceRef());
            members.add(member);
        }
    }

    synchronized ObjectNode workspace() {
        return SimulatedBitbucketRepository.wire(workspace);
    }

    synchronized List<ObjectNode> members() {
        return members.stream().map(SimulatedBitbucketRepository::wire).toList();
    }

    /** {type, uuid, slug, name}: the workspace as it appears inside a membership. */
    ObjectNode workspaceRef() {
        ObjectNode ref = Shapes.MAPPER.createObjectNode();
        ref.put("type", "workspace");
        ref.put("uuid", workspace.get("uuid").asText());
        ref.put("slug", slug);
        ref.put("name", workspace.get("name").asText());
        return ref;
    }

    /** The workspace as embedded in a repository: {type, uuid, name, slug, links{avatar, html, self}}. */
    ObjectNode repositoryWorkspace() {
        ObjectNode ref = Shapes.MAPPER.createObjectNode();
        ref.put("type", "workspace");
        ref.put("uuid", workspace.get("uuid").asText());
        ref.put("name", workspace.get("name").asText());
        ref.put("slug", slug);
        ObjectNode links = ref.putObject("links");
        links.set("avatar", workspace.get("links").get("avatar").deepCopy());
        links.set("html", workspace.get("links").get("html").deepCopy());
        links.set("self", workspace.get("links").get("self").deepCopy());
        return ref;
    }

    /** A user object as Bitbucket embeds it (the pull request author's shape), for any nickname. */
    ObjectNode user(String nickname) {
        ObjectNode user = BitbucketSimulator.SHAPES.example("pullrequest").get("author").deepCopy();
        String uuid = uuid("user/" + nickname);
        String escaped = uuid.replace("{", "%7B").replace("}", "%7D");
        user.put("display_name", displayNameOf(nickname));
        ObjectNode links = (ObjectNode) user.get("links");
        href(links, "self", api + "/users/" + escaped);
        href(links, "avatar", web + "/account/" + nickname + "/avatar/");
        href(links, "html", web + "/" + escaped + "/");
        user.put("uuid", uuid);
        user.put("account_id", "557058:" + uuid.substring(1, uuid.length() - 1));
        user.put("nickname", nickname);
        return user;
    }

    /** The nickname of simulated person {@code index} (wrapping). */
    static String nickname(int index) {
        return PEOPLE[Math.floorMod(index, PEOPLE.length)][0];
    }

    static String displayNameOf(String nickname) {
        for (String[] person : PEOPLE) {
            if (person[0].equals(nickname)) {
                return person[1];
            }
        }
        return displayName(nickname);
    }

    /** A deterministic "{uuid}" for a name, in Bitbucket's curly-brace form. */
    static String uuid(String name) {
        return "{" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)) + "}";
    }

    static void href(ObjectNode links, String rel, String href) {
        links.putObject(rel).put("href", href);
    }

    private static String displayName(String slug) {
        return slug.isEmpty() ? slug : Character.toUpperCase(slug.charAt(0)) + slug.substring(1);
    }
}
