package io.gitcollector.publish;

import java.util.Map;
import java.util.Optional;

/** Which topic each event type of the contract (EVENTS.md, "Topics and event types") goes to. */
public final class EventTopics {

    private static final Map<String, String> TOPIC_BY_TYPE = Map.ofEntries(
            Map.entry("repository_synced", "git.repositories"),
            Map.entry("branch_protection_synced", "git.repositories"),
            Map.entry("repository_health_computed", "git.repositories"),
            Map.entry("commit_created", "git.commits"),
            Map.entry("pull_request_opened", "git.pull_requests"),
            Map.entry("pull_request_merged", "git.pull_requests"),
            Map.entry("pull_request_closed", "git.pull_requests"),
            Map.entry("review_submitted", "git.pull_requests"),
            Map.entry("review_comment_created", "git.pull_requests"),
            Map.entry("issue_opened", "git.issues"),
            Map.entry("issue_closed", "git.issues"),
            Map.entry("issue_comment_created", "git.issues"),
            Map.entry("contributor_synced", "git.contributors"),
            Map.entry("team_synced", "git.contributors"),
            Map.entry("pipeline_run_synced", "git.pipelines"));

    private EventTopics() {
    }

    /** The contract's topic for an event type; empty for a type the contract does not name. */
    public static Optional<String> topicOf(String eventType) {
        return Optional.ofNullable(TOPIC_BY_TYPE.get(eventType));
    }
}
