package io.gitcollector.webhook;

import io.gitcollector.config.CollectorProperties;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;

/**
 * Webhook deliveries: taken by {@link WebhookIntake} (POST /api/v1/webhooks/{platform}; its REST contract is here),
 * queued on the webhooks topic keyed by repository, and processed from there by {@link WebhookProcessor}.
 */
@Component
public class WebhookRoutes extends RouteBuilder {

    public static final String RECEIVE = "direct:receive-webhook";
    static final String QUEUE = "direct:queue-webhook";
    static final String REPOSITORY_ID = "collector.webhookRepository";

    private final CollectorProperties properties;

    public WebhookRoutes(CollectorProperties properties) {
        this.properties = properties;
    }

    @Override
    public void configure() {
        String topic = properties.getWebhooks().getTopic();

        rest("/api/v1/webhooks").description("Webhook deliveries of the platforms, authenticated by their signature")
                .post("/{platform}").id("rest-webhook").produces("application/json")
                    .description("Take a platform's webhook delivery: its events are published asynchronously")
                    .param().name("platform").description("github, gitlab, bitbucket, or a YAML source's platform").endParam()
                    .responseMessage().code(202).message("Accepted, or ignored with the reason (event or repository not collected)").endResponseMessage()
                    .responseMessage().code(200).message("A delivery accepted before; nothing new").endResponseMessage()
                    .responseMessage().code(400).message("The body is not a JSON object").endResponseMessage()
                    .responseMessage().code(401).message("Missing or wrong signature").endResponseMessage()
                    .responseMessage().code(404).message("No webhook secret set for that platform").endResponseMessage()
                    .responseMessage().code(413).message("Body over collector.webhooks.max-body").endResponseMessage()
                    .to(RECEIVE);

        from(RECEIVE).routeId("receive-webhook")
                .convertBodyTo(byte[].class) // the signature is of the raw bytes
                .bean(WebhookIntake.class, "receive")
                .to("direct:reply");

        from(QUEUE).routeId("queue-webhook")
                .removeHeaders("*")
                .setHeader(KafkaConstants.KEY, exchangeProperty(REPOSITORY_ID))
                .to("kafka:" + topic);

        int consumers = properties.getWebhooks().getConsumers();
        if (consumers <= 0) {
            return; // an instance that only takes deliveries: the others process them
        }
        // The deliveries of a poll are processed together and their events published as one batch. A poll whose
        // events could not be published (Kafka away) is read again, not passed over: its offsets are committed
        // only once it is processed.
        from("kafka:" + topic + "?groupId={{collector.jobs.consumer-group}}-webhooks&autoOffsetReset=earliest"
                + "&batching=true&maxPollRecords=200&pollTimeoutMs=20&batchingIntervalMs=20&breakOnFirstError=true&consumersCount=" + consumers)
                .routeId("process-webhooks")
                .bean(WebhookProcessor.class, "processBatch");
    }
}
