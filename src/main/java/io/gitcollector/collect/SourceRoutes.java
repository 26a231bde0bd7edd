package io.gitcollector.collect;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The routes a source file put into Camel, found by the file they were read from, and taken out again. */
final class SourceRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(SourceRoutes.class);

    private SourceRoutes() {
    }

    /** The file a resource was read from, absolute; null for one not on the file system. */
    static Path fileOf(Resource resource) {
        if (resource == null || resource.getLocation() == null || !resource.getLocation().startsWith("file:")) {
            return null;
        }
        return Path.of(resource.getLocation().substring("file:".length())).toAbsolutePath().normalize();
    }

    /** The routes read from this file (absolute), running or not. */
    static List<Route> of(CamelContext camel, Path file) {
        return camel.getRoutes().stream().filter(route -> file.equals(fileOf(route.getSourceResource()))).toList();
    }

    /**
     * Stops a route, waiting at most so long for what it is doing (a route of a refused file holds no one up for
     * Camel's 45 s shutdown timeout), and removes it with its definition, so that a later load starts it afresh.
     */
    static void remove(CamelContext camel, String id, long stopSeconds) {
        try {
            camel.getRouteController().stopRoute(id, stopSeconds, TimeUnit.SECONDS);
            Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
            RouteDefinition definition = model == null ? null : model.getRouteDefinition(id);
            if (definition != null) {
                model.removeRouteDefinition(definition);
            } else {
                camel.removeRoute(id);
            }
        } catch (Exception e) {
            LOG.error("Route {} of a refused source could not be removed: {}", id, CheckedRoutesLoader.innermost(e));
        }
    }
}
