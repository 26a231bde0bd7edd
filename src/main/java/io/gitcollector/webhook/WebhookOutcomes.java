package io.gitcollector.webhook;

import java.time.Duration;

import io.gitcollector.api.ApiRequests;
import io.gitcollector.model.RepositoryIdentity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * What became of each delivery: counted by platform, event, outcome (accepted, duplicate, ignored, rejected) and
 * reason ({@code git_collector_webhooks_total}); a refused signature and a repository not collected here are also
 * audited. The time from a delivery's arrival to its events on Kafka is {@code git_collector_webhook_latency_seconds}.
 */
@Component
public class WebhookOutcomes {

    static final String AUDIT_ACTION = "webhook.receive";

    private final MeterRegistry registry;
    private final ApiRequests audit;

    public WebhookOutcomes(MeterRegistry registry, ApiRequests audit) {
        this.registry = registry;
        this.audit = audit;
    }

    void record(Exchange exchange, String platform, String event, String outcome, String reason) {
        counter(platform, event, outcome, reason).increment();
        if (reason.equals("signature")) {
            audit.audit(exchange, AUDIT_ACTION, null, null, "refused", "the delivery's signature did not verify");
        }
    }

    void unknownRepository(Exchange exchange, String platform, String event, RepositoryIdentity repository) {
        counter(platform, event, "ignored", "unknown_repository").increment();
        audit.audit(exchange, AUDIT_ACTION, repository.id(), repository.url(), "ignored", "repository not collected here");
    }

    void processed(String platform, String event, Duration sinceReceived) {
        Timer.builder("git.collector.webhook.latency").description("From a webhook's arrival to its events on Kafka")
                .tag("platform", platform).tag("event", event).publishPercentiles(0.5, 0.99)
                .register(registry).record(sinceReceived);
    }

    void failed(String platform, String event) {
        counter(platform, event, "failed", "processing").increment();
    }

    private Counter counter(String platform, String event, String outcome, String reason) {
        return Counter.builder("git.collector.webhooks").description("Webhook deliveries by what became of them")
                .tag("platform", platform).tag("event", event).tag("outcome", outcome).tag("reason", reason)
                .register(registry);
    }
}
