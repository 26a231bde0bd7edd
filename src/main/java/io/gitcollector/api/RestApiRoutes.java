package io.gitcollector.api;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.springframework.stereotype.Component;

/** The REST API: the DSL below is its contract; each verb hands over to a route that calls one handler. */
@Component
public class RestApiRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // JSON is read and written by the handlers themselves, so a malformed body is a 400 with a reason.
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off);

        rest("/health").description("Liveness and readiness, with the state of Kafka and Redis")
                .get().id("rest-health").produces("application/json")
                    .responseMessage().code(200).message("Kafka and Redis answer").endResponseMessage()
                    .responseMessage().code(503).message("Kafka or Redis does not answer").endResponseMessage()
                    .to("direct:health");

        rest("/api/v1/collect").description("Collections: trigger and status")
                .post("/trigger").id("rest-trigger").produces("application/json")
                    .description("Queue a collection of one repository")
                    .responseMessage().code(202).message("Queued").endResponseMessage()
                    .responseMessage().code(200).message("Already queued or running; nothing new started").endResponseMessage()
                    .responseMessage().code(400).message("Bad request, with the reason").endResponseMessage()
                    .to("direct:trigger-collection")
                .get("/status/{repository_id}").id("rest-status-by-id").produces("application/json")
                    .description("Status and progress of a repository's collection")
                    .param().name("repository_id").description("repo- and 16 hex digits, as the trigger returned").endParam()
                    .responseMessage().code(404).message("Unknown repository").endResponseMessage()
                    .to("direct:collection-status-by-id")
                .get("/status").id("rest-status-by-url").produces("application/json")
                    .param().name("repository_url").type(org.apache.camel.model.rest.RestParamType.query)
                        .description("The repository's URL").endParam()
                    .to("direct:collection-status-by-url");

        rest("/api/v1/repositories").description("Repositories collected on a schedule")
                .get().id("rest-list-repositories").produces("application/json")
                    .description("Every scheduled repository, application.yaml's (source config) and the API's (source api)")
                    .to("direct:list-repositories")
                .post().id("rest-register-repository").produces("application/json")
                    .description("Schedule a repository: {url, interval, full_sync_cron}")
                    .responseMessage().code(201).message("Registered").endResponseMessage()
                    .responseMessage().code(200).message("Registered already with the same schedule").endResponseMessage()
                    .responseMessage().code(400).message("Bad request, with the reason").endResponseMessage()
                    .responseMessage().code(409).message("Scheduled in application.yaml, or registered with another schedule").endResponseMessage()
                    .to("direct:register-repository")
                .delete("/{repository_id}").id("rest-remove-repository").produces("application/json")
                    .description("Stop collecting a registered repository on a schedule")
                    .responseMessage().code(404).message("Not registered").endResponseMessage()
                    .responseMessage().code(409).message("Scheduled in application.yaml").endResponseMessage()
                    .to("direct:remove-repository");

        rest("/api/v1/dead-letters").description("Items that could not be mapped or published (git.dlq)")
                .post("/replay").id("rest-replay-dead-letters").produces("application/json")
                    .description("Map the dead letters again with the sources as they are now, and publish what maps")
                    .param().name("repository_id").type(org.apache.camel.model.rest.RestParamType.query)
                        .description("Only this repository's dead letters (default: all)").endParam()
                    .responseMessage().code(200).message("Counts, and the first items that still fail").endResponseMessage()
                    .responseMessage().code(400).message("A repository_id that is not one").endResponseMessage()
                    .to("direct:replay-dead-letters");

        from("direct:health").routeId("health").bean(HealthCheck.class, "check").to("direct:reply");
        from("direct:trigger-collection").routeId("trigger-collection").bean(CollectionRequests.class, "trigger").to("direct:reply");
        from("direct:collection-status-by-id").routeId("collection-status-by-id").bean(CollectionRequests.class, "statusById").to("direct:reply");
        from("direct:collection-status-by-url").routeId("collection-status-by-url").bean(CollectionRequests.class, "statusByUrl").to("direct:reply");

        from("direct:list-repositories").routeId("list-repositories").bean(RepositoryRequests.class, "list").to("direct:reply");
        from("direct:register-repository").routeId("register-repository").bean(RepositoryRequests.class, "register").to("direct:reply");
        from("direct:remove-repository").routeId("remove-repository").bean(RepositoryRequests.class, "remove").to("direct:reply");

        from("direct:replay-dead-letters").routeId("replay-dead-letters").bean(DeadLetterRequests.class, "replay").to("direct:reply");

        // Request headers would otherwise be echoed back as response headers.
        from("direct:reply").routeId("rest-reply")
                .removeHeaders("*", Exchange.HTTP_RESPONSE_CODE, Exchange.CONTENT_TYPE);
    }
}
