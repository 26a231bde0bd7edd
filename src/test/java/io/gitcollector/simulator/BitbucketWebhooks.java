package io.gitcollector.simulator;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Bitbucket Cloud's webhook deliveries for a simulated repository: the recorded payloads (webhook-shapes/bitbucket)
 * with the repository and the object they are about replaced by what the simulator serves over REST. Signed with
 * {@link #signed}, as Bitbucket signs them (HMAC-SHA256 of the body in X-Hub-Signature).
 */
public final class BitbucketWebhooks {

    public static final String SIGNATURE = "X-Hub-Signature";
    public static final String EVENT = "X-Event-Key";
    public static final String DELIVERY = "X-Request-UUID";

    private BitbucketWebhooks() {
    }

    /** {@code pullrequest:created}, {@code :updated}, {@code :fulfilled} (merged) or {@code :rejected} (declined). */
    public static WebhookDelivery pullRequest(SimulatedBitbucketRepository repo, int id, String eventKey) {
        ObjectNode payload = payload(repo, "pullrequest_created.json");
        payload.set("pullrequest", repo.pullRequest(id));
        return delivery(eventKey, payload);
    }

    /** {@code pullrequest:approved}: the approval as the pull request's activity lists it. */
    public static WebhookDelivery approval(SimulatedBitbucketRepository repo, int id, String nickname) {
        ObjectNode payload = payload(repo, "pullrequest_approved.json");
        payload.set("pullrequest", repo.pullRequest(id));
        ObjectNode approval = repo.activity(id).stream().filter(a -> a.has("approval")
                && a.at("/approval/user/nickname").asText().equals(nickname)).findFirst().orElseThrow()
                .with("approval");
        payload.set("approval", approval);
        return delivery("pullrequest:approved", payload);
    }

    /** {@code issue:created} or {@code issue:updated}. */
    public static WebhookDelivery issue(SimulatedBitbucketRepository repo, int id, String eventKey) {
        ObjectNode payload = payload(repo, "issue_created.json");
        payload.set("issue", repo.issues().stream().filter(i -> i.get("id").asInt() == id).findFirst().orElseThrow());
        return delivery(eventKey, payload);
    }

    /** {@code pullrequest:comment_created}: a comment the collector reads back by polling. */
    public static WebhookDelivery pullRequestComment(SimulatedBitbucketRepository repo, int id, long commentId) {
        ObjectNode payload = payload(repo, "pullrequest_comment_created.json");
        payload.set("pullrequest", repo.pullRequest(id));
        payload.set("comment", repo.pullRequestComments(id).stream().filter(c -> c.get("id").asLong() == commentId)
                .findFirst().orElseThrow());
        return delivery("pullrequest:comment_created", payload);
    }

    /** {@code repo:push} of the newest {@code count} commits; like Bitbucket, at most 5 listed and then truncated. */
    public static WebhookDelivery push(SimulatedBitbucketRepository repo, int count) {
        ObjectNode payload = payload(repo, "repo_push.json");
        ObjectNode change = (ObjectNode) payload.at("/push/changes/0");
        List<String> hashes = repo.commitHashes().subList(0, count);
        ArrayNode commits = change.putArray("commits");
        hashes.subList(0, Math.min(5, hashes.size())).forEach(hash -> commits.addObject().put("type", "commit").put("hash", hash));
        change.put("truncated", hashes.size() > 5);
        ((ObjectNode) change.get("new")).with("target").put("hash", hashes.get(0));
        return delivery("repo:push", payload);
    }

    public static WebhookDelivery signed(WebhookDelivery delivery, String secret) {
        return delivery.signed(SIGNATURE, secret);
    }

    private static ObjectNode payload(SimulatedBitbucketRepository repo, String file) {
        ObjectNode payload = WebhookShapes.read("bitbucket", file);
        payload.set("repository", repo.repository());
        return payload;
    }

    private static WebhookDelivery delivery(String eventKey, ObjectNode payload) {
        return WebhookDelivery.of(eventKey, payload.toString(), EVENT, DELIVERY);
    }
}
