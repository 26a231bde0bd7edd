package io.gitcollector.jobs;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * Applies to every route, the YAML sources included: an exception goes back to whoever sent the
 * exchange (the job runner, the collect: engine) instead of being logged with a stack trace by
 * Camel's default handler first. The job runner logs one line and writes the error to the status.
 */
@Component
public class QuietErrorHandling extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        routeConfiguration().errorHandler(noErrorHandler());
    }
}
