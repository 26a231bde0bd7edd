package io.gitcollector.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * GitLab's webhook deliveries for a simulated project: the documented payloads (webhook-shapes/gitlab) with the
 * project and the object they are about pointed at the simulator's. GitLab sends the hook's secret token as it is,
 * in X-Gitlab-Token ({@link #signed}).
 */
public final class GitLabWebhooks {

    public static final String TOKEN = "X-Gitlab-Token";
    public static final String EVENT = "X-Gitlab-Event";
    public static final String DELIVERY = "X-Gitlab-Event-UUID";

    private GitLabWebhooks() {
    }

    public static WebhookDelivery push(SimulatedGitLabProject project) {
        ObjectNode payload = payload(project, "push.json");
        payload.put("checkout_sha", project.commitShas().get(0));
        payload.put("after", project.commitShas().get(0));
        return delivery("Push Hook", payload);
    }

    public static WebhookDelivery mergeRequest(SimulatedGitLabProject project, int iid, String action) {
        ObjectNode payload = payload(project, "merge_request.open.json");
        copy(payload.with("object_attributes"), project.mergeRequest(iid)).put("action", action);
        return delivery("Merge Request Hook", payload);
    }

    public static WebhookDelivery issue(SimulatedGitLabProject project, int iid, String action) {
        ObjectNode payload = payload(project, "issue.open.json");
        copy(payload.with("object_attributes"), project.issue(iid)).put("action", action);
        return delivery("Issue Hook", payload);
    }

    public static WebhookDelivery note(SimulatedGitLabProject project, int iid, long noteId) {
        ObjectNode payload = payload(project, "note.merge_request.json");
        ((ObjectNode) payload.get("object_attributes")).put("id", noteId);
        copy(payload.putObject("merge_request"), project.mergeRequest(iid));
        return delivery("Note Hook", payload);
    }

    public static WebhookDelivery pipeline(SimulatedGitLabProject project, long pipelineId) {
        ObjectNode payload = payload(project, "pipeline.json");
        ObjectNode pipeline = project.pipeline(pipelineId);
        ObjectNode attributes = (ObjectNode) payload.get("object_attributes");
        attributes.put("id", pipelineId);
        attributes.put("status", pipeline.get("status").asText());
        return delivery("Pipeline Hook", payload);
    }

    public static WebhookDelivery signed(WebhookDelivery delivery, String secret) {
        return delivery.with(TOKEN, secret);
    }

    /** {@code target} (a delivery's object_attributes) given the REST object's id, iid, title and state. */
    private static ObjectNode copy(ObjectNode target, ObjectNode rest) {
        for (String field : new String[] {"id", "iid", "title", "state"}) {
            target.set(field, rest.get(field));
        }
        return target;
    }

    private static ObjectNode payload(SimulatedGitLabProject project, String file) {
        ObjectNode payload = WebhookShapes.read("gitlab", file);
        ObjectNode described = payload.with("project");
        described.put("id", project.id());
        described.put("web_url", project.url());
        described.put("path_with_namespace", project.fullPath());
        return payload;
    }

    private static WebhookDelivery delivery(String event, ObjectNode payload) {
        return WebhookDelivery.of(event, payload.toString(), EVENT, DELIVERY);
    }
}
