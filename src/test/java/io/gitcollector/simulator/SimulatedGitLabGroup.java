package io.gitcollector.simulator;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One GitLab group (a namespace that holds projects and subgroups), with its direct members.
 * Shared by every project below it, so a simulator keeps one per full path.
 */
public final class SimulatedGitLabGroup {

    final long id;
    final String fullPath;
    final SimulatedGitLabGroup parent;
    private final ObjectNode group;
    private final List<ObjectNode> members = new ArrayList<>();

    SimulatedGitLabGroup(long id, String fullPath, SimulatedGitLabGroup parent, String webBase) {
        this.id = id;
        this.fullPath = fullPath;
        this.parent = parent;
        String path = fullPath.substring(fullPath.lastIndexOf('/') + 1);
        // "List all ancestor groups" shape: id, name, avatar_url, web_url, full_name, full_path.
        group = GitLabSimulator.SHAPES.example("project_group");
        group.put("id", id);
        group.put("name", SimulatedGitLabProject.title(path));
        group.put("avatar_url", webBase + "/uploads/-/system/group/avatar/" + id + "/avatar.png");
        group.put("web_url", webBase + "/groups/" + fullPath);
        group.put("full_name", fullName());
        group.put("full_path", fullPath);
    }

    /** "Acme / Platform", as GitLab names a subgroup. */
    String fullName() {
        String own = SimulatedGitLabProject.title(fullPath.substring(fullPath.lastIndexOf('/') + 1));
        return parent == null ? own : parent.fullName() + " / " + own;
    }

    /** The namespace object a project embeds (Entities::NamespaceBasic). */
    ObjectNode namespace(String webBase) {
        ObjectNode ns = GitLabSimulator.SHAPES.example("project").get("namespace").deepCopy();
        ns.put("id", id);
        ns.put("name", group.get("name").asText());
        ns.put("path", fullPath.substring(fullPath.lastIndexOf('/') + 1));
        ns.put("kind", "group");
        ns.put("full_path", fullPath);
        if (parent == null) {
            ns.putNull("parent_id");
        } else {
            ns.put("parent_id", parent.id);
        }
        ns.put("avatar_url", group.get("avatar_url").asText());
        ns.put("web_url", webBase + "/groups/" + fullPath);
        return ns;
    }

    synchronized void addMember(ObjectNode member) {
        members.add(member);
    }

    /** The group as GET /projects/:id/groups lists it; a deep copy. */
    public synchronized ObjectNode group() {
        return SimulatedGitLabProject.copy(group);
    }

    /** Direct members, as GET /groups/:id/members lists them; deep copies. */
    public synchronized List<ObjectNode> members() {
        return members.stream().map(SimulatedGitLabProject::copy).toList();
    }

    public long id() {
        return id;
    }

    public String fullPath() {
        return fullPath;
    }
}
