package io.gitcollector.simulator;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * GitHub's webhook deliveries for a simulated repository: the documented payloads (src/test/resources/webhook-shapes/
 * github, from ../shared/reference) with the repository and the object they are about replaced by what the simulator
 * serves over REST, as GitHub's are the same objects. Signed with {@link #signed}, as GitHub signs them.
 */
public final class GitHubWebhooks {

    public static final String SIGNATURE = "X-Hub-Signature-256";
    public static final String EVENT = "X-GitHub-Event";
    public static final String DELIVERY = "X-GitHub-Delivery";

    private GitHubWebhooks() {
    }

    public static WebhookDelivery pullRequest(SimulatedRepository repo, int number, String action) {
        ObjectNode payload = payload(repo, "pull_request.opened.json", action);
        payload.put("number", number);
        payload.set("pull_request", repo.pull(number));
        return delivery("pull_request", payload);
    }

    public static WebhookDelivery review(SimulatedRepository repo, int number, long reviewId) {
        ObjectNode payload = payload(repo, "pull_request_review.submitted.json", "submitted");
        ObjectNode review = repo.reviews(number).stream().filter(r -> r.get("id").asLong() == reviewId).findFirst().orElseThrow();
        // A webhook names the review's state in lower case where REST gives it in upper case.
        review.put("state", review.get("state").asText().toLowerCase(java.util.Locale.ROOT));
        payload.set("review", review);
        payload.set("pull_request", repo.pull(number));
        return delivery("pull_request_review", payload);
    }

    public static WebhookDelivery reviewComment(SimulatedRepository repo, int number, long commentId) {
        ObjectNode payload = payload(repo, "pull_request_review_comment.created.json", "created");
        payload.set("comment", find(repo.reviewComments(number), commentId));
        payload.set("pull_request", repo.pull(number));
        return delivery("pull_request_review_comment", payload);
    }

    public static WebhookDelivery issue(SimulatedRepository repo, int number, String action) {
        ObjectNode payload = payload(repo, "issues.opened.json", action);
        payload.set("issue", repo.issues().stream().filter(i -> i.get("number").asInt() == number).findFirst().orElseThrow());
        return delivery("issues", payload);
    }

    public static WebhookDelivery issueComment(SimulatedRepository repo, int number, long commentId) {
        ObjectNode payload = payload(repo, "issue_comment.created.json", "created");
        payload.set("comment", find(repo.issueComments(number), commentId));
        return delivery("issue_comment", payload);
    }

    public static WebhookDelivery workflowRun(SimulatedRepository repo, long runId) {
        ObjectNode payload = payload(repo, "workflow_run.completed.json", "completed");
        payload.set("workflow_run", find(repo.runs(), runId));
        return delivery("workflow_run", payload);
    }

    /** A push of the newest {@code count} commits; like GitHub, it lists at most 20 of them. */
    public static WebhookDelivery push(SimulatedRepository repo, int count) {
        ObjectNode payload = payload(repo, "push.existing_branch.json", null);
        payload.remove("action");
        List<String> shas = repo.commitShas().subList(0, count);
        ArrayNode commits = payload.putArray("commits");
        for (String sha : shas.subList(Math.max(0, shas.size() - 20), shas.size())) {
            commits.addObject().put("id", sha).put("distinct", true).put("url", repo.url() + "/commit/" + sha);
        }
        payload.put("ref", "refs/heads/" + SimulatedRepository.DEFAULT_BRANCH);
        payload.put("after", shas.get(0));
        return delivery("push", payload);
    }

    /** An event the collector does not collect (GitHub sends ping when a hook is added). */
    public static WebhookDelivery ping(SimulatedRepository repo) {
        ObjectNode payload = payload(repo, "ping.json", null);
        return delivery("ping", payload);
    }

    public static WebhookDelivery raw(String event, String body) {
        return WebhookDelivery.of(event, body, EVENT, DELIVERY);
    }

    public static WebhookDelivery signed(WebhookDelivery delivery, String secret) {
        return delivery.signed(SIGNATURE, secret);
    }

    private static ObjectNode payload(SimulatedRepository repo, String file, String action) {
        ObjectNode payload = WebhookShapes.read("github", file);
        if (action != null) {
            payload.put("action", action);
        }
        payload.set("repository", repo.repo());
        return payload;
    }

    private static WebhookDelivery delivery(String event, ObjectNode payload) {
        return WebhookDelivery.of(event, payload.toString(), EVENT, DELIVERY);
    }

    private static ObjectNode find(List<ObjectNode> list, long id) {
        return list.stream().filter(o -> o.get("id").asLong() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no object with id " + id));
    }
}
