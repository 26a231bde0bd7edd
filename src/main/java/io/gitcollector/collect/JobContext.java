package io.gitcollector.collect;

import java.util.Map;

import io.gitcollector.config.CollectorProperties.Platform;
import org.apache.camel.Exchange;

/**
 * What a source's routes see of the job they run for: carried as an exchange property through
 * the source's routes, and copied to the exchanges of child resources.
 */
public record JobContext(CollectionJob job, Platform platform, JobProgress progress, Runnable onPage,
                         Runnable beforeApiCall) {

    public static final String PROPERTY = "collector.job";

    public static JobContext from(Exchange exchange) {
        JobContext context = exchange.getProperty(PROPERTY, JobContext.class);
        if (context == null) {
            throw new IllegalStateException("collect: endpoints run only inside a collection job (no job on this exchange)");
        }
        return context;
    }

    public boolean incremental() {
        return CollectionJob.INCREMENTAL.equals(job.syncMode());
    }

    /** The variables a resource path may name: {owner}, {repo}, {path}, {path_encoded}. */
    public Map<String, String> pathVariables() {
        var repository = job.repository();
        return Map.of(
                "owner", repository.owner(),
                "repo", repository.name(),
                "path", repository.path(),
                "path_encoded", java.net.URLEncoder.encode(repository.path(), java.nio.charset.StandardCharsets.UTF_8));
    }
}
