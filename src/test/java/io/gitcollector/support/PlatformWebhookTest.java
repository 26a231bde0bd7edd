package io.gitcollector.support;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.simulator.WebhookDelivery;

/** What the per-platform webhook tests share: delivering as the platform does, and the events that came after. */
public abstract class PlatformWebhookTest extends PlatformSyncTest {

    protected static final String GITLAB_WEBHOOK_SECRET = "gitlab-webhook-secret-must-never-be-logged-06";
    protected static final String BITBUCKET_WEBHOOK_SECRET = "bitbucket-webhook-secret-must-never-be-logged-07";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** POSTs the delivery's raw body with its headers to /api/v1/webhooks/{platform}, with no API key. */
    protected HttpResponse<String> deliver(String platform, WebhookDelivery delivery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/webhooks/" + platform))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        delivery.headers().forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The repository's events not in {@code before}, health figures left out. */
    protected List<JsonNode> newEvents(String id, Set<String> before) {
        return allEvents(id).stream().filter(e -> !before.contains(e.path("event_id").asText()))
                .filter(e -> !e.path("event_type").asText().equals("repository_health_computed")).toList();
    }

    protected static Set<String> ids(List<JsonNode> events) {
        Set<String> ids = new HashSet<>();
        events.forEach(e -> ids.add(e.path("event_id").asText()));
        return ids;
    }
}
