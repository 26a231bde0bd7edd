package io.gitcollector.simulator;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The simulated GitLab users (fixed ids, so data is deterministic) and the user and member objects built from them. */
final class GitLabUsers {

    record Person(long id, String username, String name) {
    }

    static final List<Person> PEOPLE = List.of(
            new Person(11, "alice", "Alice Anders"),
            new Person(12, "bob", "Bob Brown"),
            new Person(13, "carol", "Carol Chen"),
            new Person(14, "dave", "Dave Diaz"),
            new Person(15, "erin", "Erin Evans"),
            new Person(16, "project_16_bot", "Backend Bot"));

    private GitLabUsers() {
    }

    /** A known person, or a made-up one with a stable id for any other username (approvals by strangers). */
    static Person person(String username) {
        return PEOPLE.stream().filter(p -> p.username().equals(username)).findFirst()
                .orElseGet(() -> new Person(1000 + Math.floorMod(username.hashCode(), 90_000), username,
                        Arrays.stream(username.split("[._-]")).map(SimulatedGitLabProject::title)
                                .reduce((a, b) -> a + " " + b).orElse(username)));
    }

    static Person person(int index) {
        return PEOPLE.get(Math.floorMod(index, PEOPLE.size()));
    }

    /** Entities::UserBasic as merge requests, issues and notes embed it (recorded shape: merge_request.json[1].author). */
    static ObjectNode user(Person p, String webBase) {
        ObjectNode user = GitLabSimulator.SHAPES.example("merge_request", 1).get("author").deepCopy();
        user.put("id", p.id());
        user.put("username", p.username());
        user.put("name", p.name());
        user.put("state", "active");
        user.put("avatar_url", webBase + "/uploads/-/system/user/avatar/" + p.id() + "/avatar.png");
        user.put("web_url", webBase + "/" + p.username());
        return user;
    }

    /** A member (recorded /members/all shape: member.json[0]). */
    static ObjectNode member(Person p, int accessLevel, Instant since, Person addedBy, String webBase) {
        ObjectNode member = GitLabSimulator.SHAPES.example("member");
        ObjectNode user = user(p, webBase);
        user.fieldNames().forEachRemaining(f -> member.set(f, user.get(f)));
        member.put("access_level", accessLevel);
        member.put("created_at", SimulatedGitLabProject.time(since));
        member.set("created_by", user(addedBy, webBase));
        member.putNull("expires_at");
        member.put("membership_state", "active");
        return member;
    }
}
