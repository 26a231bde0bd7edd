package io.gitcollector.jobs;

import java.util.Map;

import io.gitcollector.collect.JobContext;
import io.gitcollector.http.TokenPool;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

/**
 * How the engine calls a source's entry routes ({@code direct:sync-<platform>}, {@code direct:discover-<platform>}):
 * whether the source declares one, and the exchange it gets, with the run's context and what a source may branch on.
 */
final class SourceRoutesCalls {

    private SourceRoutesCalls() {
    }

    /** Whether a loaded route reads from {@code direct:<name>}. */
    static boolean declared(CamelContext camel, String name) {
        String uri = "direct://" + name;
        return camel.getRoutes().stream().anyMatch(route -> route.getEndpoint().getEndpointUri().equals(uri));
    }

    /** An exchange for a source's route: the run's context, whether calls carry credentials, the source's options. */
    static Exchange exchange(CamelContext camel, JobContext context) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(JobContext.PROPERTY, context);
        exchange.setProperty(CollectionJobRunner.SOURCE_AUTHENTICATED, TokenPool.authenticated(context.platform()));
        exchange.setProperty(CollectionJobRunner.SOURCE_OPTIONS, Map.copyOf(context.platform().getOptions()));
        return exchange;
    }
}
