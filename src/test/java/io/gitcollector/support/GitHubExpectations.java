package io.gitcollector.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.simulator.SimulatedRepository;

/** The events a full sync of a simulated GitHub repository must publish, derived from the simulator's data. */
public final class GitHubExpectations {

    private GitHubExpectations() {
    }

    public static EventKeys.Expected fullSync(SimulatedRepository repo) {
        EventKeys.Expected expected = new EventKeys.Expected().add("repository_synced", repo.repoId()).health();
        repo.protectedBranchNames().forEach(branch -> expected.add("branch_protection_synced", branch));
        expected.addAll("commit_created", repo.commitShas());
        for (int number = 1; repo.hasPull(number); number++) {
            expected.add(pullType(repo.pull(number)), repo.pull(number).get("id").asLong());
        }
        expected.addAll("review_submitted", repo.reviewIds());
        repo.reviewComments().forEach(c -> expected.add("review_comment_created", c.get("id").asLong()));
        repo.issueComments().forEach(c -> expected.add(c.get("html_url").asText().contains("/pull/")
                ? "review_comment_created" : "issue_comment_created", c.get("id").asLong()));
        repo.issues().forEach(i -> expected.add(i.get("state").asText().equals("closed") ? "issue_closed" : "issue_opened",
                i.get("id").asLong()));
        repo.contributors().forEach(c -> expected.add("contributor_synced", c.get("login").asText()));
        repo.teams().forEach(t -> expected.add("team_synced", t.get("id").asLong()));
        repo.runs().forEach(r -> expected.add("pipeline_run_synced", r.get("id").asLong()));
        return expected;
    }

    public static String pullType(ObjectNode pull) {
        return pull.hasNonNull("merged_at") ? "pull_request_merged"
                : pull.get("state").asText().equals("closed") ? "pull_request_closed" : "pull_request_opened";
    }
}
