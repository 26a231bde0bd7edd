package io.gitcollector.webhook;

import java.util.List;

/** Whether an event a platform names is one its webhooks collect: {@code pullrequest:*} takes every pullrequest: event. */
final class WebhookEvents {

    private WebhookEvents() {
    }

    static boolean collected(List<String> events, String event) {
        for (String collected : events) {
            if (collected.endsWith("*") ? event.startsWith(collected.substring(0, collected.length() - 1))
                    : collected.equals(event)) {
                return true;
            }
        }
        return false;
    }
}
