package io.gitcollector.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.collect.ChildPages;
import io.gitcollector.model.CollectionJob;
import io.gitcollector.collect.JobContext;
import io.gitcollector.collect.JobProgress;
import io.gitcollector.collect.PagePublisher;
import io.gitcollector.collect.ResourceCollector;
import io.gitcollector.identity.PlatformRegistry;
import io.gitcollector.model.RepositoryIdentity;
import io.gitcollector.publish.PublishFailedException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Processes a delivery from the webhooks topic: hands its payload to the platform source's
 * {@code direct:webhook-<platform>} route, with the event in the {@code CollectorWebhookEvent} header, inside a job
 * of {@code sync_mode: webhook}. The route maps what the payload holds whole ({@code collect:<resource>} with
 * {@code payload:}) and asks for a follow-up sync ({@code direct:follow-up-sync}) where it is partial.
 */
@Component
public class WebhookProcessor {

    public static final String EVENT_HEADER = "CollectorWebhookEvent";
    public static final String ACTION_HEADER = "CollectorWebhookAction";
    static final String WEBHOOK = "webhook";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookProcessor.class);

    private final PlatformRegistry platforms;
    private final PagePublisher pagePublisher;
    private final ProducerTemplate template;
    private final CamelContext camel;
    private final ObjectMapper mapper;
    private final WebhookOutcomes outcomes;
    private final Clock clock;

    public WebhookProcessor(PlatformRegistry platforms, PagePublisher pagePublisher, ProducerTemplate template,
                            CamelContext camel, ObjectMapper mapper, WebhookOutcomes outcomes, Clock clock) {
        this.platforms = platforms;
        this.pagePublisher = pagePublisher;
        this.template = template;
        this.camel = camel;
        this.mapper = mapper;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    /**
     * The deliveries of one poll, their events published together (one dedup look-up, one Kafka batch). Throws only
     * when the events could not be published (Kafka away): the poll's deliveries are then read again.
     */
    public void processBatch(java.util.List<?> records) throws Exception {
        ChildPages held = pagePublisher.heldPages();
        java.util.List<JsonNode> processed = new java.util.ArrayList<>();
        for (Object record : records) {
            String body = record instanceof Exchange exchange ? exchange.getMessage().getBody(String.class) : String.valueOf(record);
            JsonNode delivery = mapper.readTree(body);
            if (process(delivery, held)) {
                processed.add(delivery);
            }
        }
        held.flush();
        long now = clock.millis();
        for (JsonNode delivery : processed) {
            outcomes.processed(delivery.path("platform").asText(), delivery.path("event").asText(),
                    Duration.ofMillis(now - delivery.path("received_at").asLong()));
        }
    }

    /** @return whether the delivery was processed (its events held in {@code held}, or a sync asked for) */
    private boolean process(JsonNode delivery, ChildPages held) throws Exception {
        String platform = delivery.path("platform").asText();
        String event = delivery.path("event").asText();
        String route = "direct:webhook-" + platform;
        if (!platforms.platforms().containsKey(platform) || camel.hasEndpoint(route) == null) {
            LOG.warn("A {} webhook ({}) was dropped: no {} route in the platform's source", platform, event, route);
            outcomes.failed(platform, event);
            return false;
        }
        RepositoryIdentity repository = new RepositoryIdentity(platform, delivery.path("repository_url").asText(),
                delivery.path("repository_path").asText(), delivery.path("repository_id").asText());
        CollectionJob job = new CollectionJob(repository.id(), repository.url(), platform, repository.path(), WEBHOOK,
                Instant.ofEpochMilli(delivery.path("received_at").asLong()).toString(),
                WEBHOOK + ":" + delivery.path("delivery").asText());
        JobContext context = new JobContext(job, platforms.platform(platform), new JobProgress(), () -> { }, () -> { });
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(JobContext.PROPERTY, context);
        exchange.setProperty(ResourceCollector.WEBHOOK_PAYLOAD, delivery.get("payload"));
        exchange.setProperty(ResourceCollector.CHILD_PAGES, held);
        exchange.getIn().setHeader(EVENT_HEADER, event);
        exchange.getIn().setHeader(ACTION_HEADER, delivery.path("payload").path("action").asText(""));
        MDC.put("repository_id", repository.id());
        try {
            Exchange result = template.send(route, exchange);
            Exception error = result.getException();
            if (error instanceof PublishFailedException) {
                throw error;
            }
            if (error != null) {
                LOG.warn("A {} webhook ({}) of {} failed: {}", platform, event, repository.url(), error.getMessage());
                outcomes.failed(platform, event);
                return false;
            }
            return true;
        } finally {
            MDC.remove("repository_id");
        }
    }
}
