package io.gitcollector.collect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesBuilderLoader;
import org.apache.camel.spi.RoutesLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's routes loader, but a source file reloaded while the service runs is loaded whole or not at all. Camel
 * alone starts a file's routes one by one and leaves those before a broken one running (a mapper missing, each item
 * waiting 30 s on its {@code direct:} endpoint), and logs why only as a WARN with a stack trace. Here a file is first
 * read by {@link SourceFileCheck}; when it is wrong, or its routes fail to start anyway, every route of the file is
 * removed (its old version's too), an ERROR line names the file, the route and the position, and
 * {@link RefusedSources} keeps the reason for its platform's jobs.
 */
public class CheckedRoutesLoader implements RoutesLoader {

    private static final Logger LOG = LoggerFactory.getLogger(CheckedRoutesLoader.class);
    private static final Pattern SYNC_ROUTE = Pattern.compile("direct:(?://)?sync-([A-Za-z0-9_-]+)");
    /** A refused file's route still busy with an item is not waited for longer: its run fails, as its source did. */
    private static final long STOP_SECONDS = 5;

    private final RoutesLoader loader;
    private final RefusedSources refused;
    /** Each file's text as last loaded or refused. */
    private final Map<Path, String> settled = new ConcurrentHashMap<>();

    public CheckedRoutesLoader(RoutesLoader loader, RefusedSources refused) {
        this.loader = loader;
        this.refused = refused;
    }

    @Override
    public Set<String> updateRoutes(Collection<Resource> resources) throws Exception {
        Set<String> ids = new LinkedHashSet<>();
        for (Resource resource : resources) {
            Path file = SourceRoutes.fileOf(resource);
            if (file == null) {
                ids.addAll(loader.updateRoutes(List.of(resource)));
                continue;
            }
            String content = read(file);
            boolean unchanged = content != null && content.equals(settled.get(file));
            if (unchanged && (refused.isRefused(file) || !SourceRoutes.of(getCamelContext(), file).isEmpty())) {
                // One write is often seen twice (created, then modified; or a delete seen after the new file came).
                // Loading the same text again would take the file's routes away for a moment, with jobs running.
                continue;
            }
            settled.remove(file);
            List<String> problems = SourceFileCheck.check(file);
            if (problems.isEmpty()) {
                try {
                    ids.addAll(loader.updateRoutes(List.of(resource)));
                    refused.accept(file);
                    remember(file, content);
                    continue;
                } catch (Exception e) {
                    problems = List.of(file + ": its routes do not start: " + innermost(e) + routeOf(e));
                }
            }
            refuse(file, problems);
            remember(file, content);
        }
        return ids;
    }

    private void remember(Path file, String content) {
        if (content != null) {
            settled.put(file, content);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return null;
        }
    }

    private void refuse(Path file, List<String> problems) {
        Set<String> platforms = new LinkedHashSet<>();
        try {
            Matcher sync = SYNC_ROUTE.matcher(Files.readString(file));
            while (sync.find()) {
                platforms.add(sync.group(1));
            }
        } catch (Exception e) {
            // the platforms of its old routes below still name it
        }
        List<String> removed = new ArrayList<>();
        for (Route route : SourceRoutes.of(getCamelContext(), file)) {
            Matcher sync = SYNC_ROUTE.matcher(route.getEndpoint().getEndpointUri());
            if (sync.matches()) {
                platforms.add(sync.group(1));
            }
            SourceRoutes.remove(getCamelContext(), route.getRouteId(), STOP_SECONDS);
            removed.add(route.getRouteId());
        }
        refused.refuse(file, platforms, problems);
        for (String problem : problems) {
            LOG.error("Source {} refused, none of its routes run (removed: {}): {}", file, removed, problem);
        }
    }

    /** " [route id]" of the route Camel could not create or start, as SourceFileCheck names it; else empty. */
    private static String routeOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FailedToCreateRouteException failed && failed.getRouteId() != null) {
                return " [route " + failed.getRouteId() + "]";
            }
            if (t instanceof FailedToStartRouteException failed && failed.getRouteId() != null) {
                return " [route " + failed.getRouteId() + "]";
            }
        }
        return "";
    }

    static String innermost(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage()).lines().findFirst().orElse(cause.getClass().getName());
    }

    @Override
    public CamelContext getCamelContext() {
        return loader.getCamelContext();
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        loader.setCamelContext(camelContext);
    }

    @Override
    public boolean isIgnoreLoadingError() {
        return loader.isIgnoreLoadingError();
    }

    @Override
    public void setIgnoreLoadingError(boolean ignoreLoadingError) {
        loader.setIgnoreLoadingError(ignoreLoadingError);
    }

    @Override
    public RoutesBuilderLoader getRoutesLoader(String extension) throws Exception {
        return loader.getRoutesLoader(extension);
    }

    @Override
    public void loadRoutes(Collection<Resource> resources) throws Exception {
        loader.loadRoutes(resources);
    }

    @Override
    public Collection<RoutesBuilder> findRoutesBuilders(Collection<Resource> resources) throws Exception {
        return loader.findRoutesBuilders(resources);
    }

    @Override
    public Collection<RoutesBuilder> findRoutesBuilders(Collection<Resource> resources, boolean optional) throws Exception {
        return loader.findRoutesBuilders(resources, optional);
    }

    @Override
    public void preParseRoute(Resource resource, boolean allowAllParsing) throws Exception {
        loader.preParseRoute(resource, allowAllParsing);
    }

    @Override
    public void initRoutesBuilderLoader(RoutesBuilderLoader routesBuilderLoader) {
        loader.initRoutesBuilderLoader(routesBuilderLoader);
    }
}
