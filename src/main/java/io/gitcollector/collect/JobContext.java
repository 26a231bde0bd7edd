package io.gitcollector.collect;

import java.util.Map;

import io.gitcollector.config.CollectorProperties.Platform;
import io.gitcollector.model.CollectionJob;
import org.apache.camel.Exchange;

/**
 * What a source's routes see of the job they run for: carried as an exchange property through
 * the source's routes, and copied to the exchanges of child resources.
 */
public record JobContext(CollectionJob job, Platform platform, JobProgress progress, Runnable onPage,
                         Runnable beforeApiCall, Map<String, String> exported, ResumePoint resume,
                         DiscoveredRepositories discovered) {

    public JobContext(CollectionJob job, Platform platform, JobProgress progress, Runnable onPage, Runnable beforeApiCall) {
        this(job, platform, progress, onPage, beforeApiCall, new ResumePoint());
    }

    public JobContext(CollectionJob job, Platform platform, JobProgress progress, Runnable onPage, Runnable beforeApiCall,
                      ResumePoint resume) {
        this(job, platform, progress, onPage, beforeApiCall, new java.util.concurrent.ConcurrentHashMap<>(resume.exported), resume,
                new DiscoveredRepositories());
    }

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

    /** Whether pages may be asked conditionally (ETags): in an incremental run, not in a backfill, which reads again. */
    public boolean conditional() {
        return incremental() && job.backfill() == null;
    }

    /**
     * The variables a resource path may name: {owner}, {repo}, {path}, {path_encoded}, the named groups of the
     * platform's repository-path-pattern (which may replace {owner} and {repo}), and the fields earlier resources
     * of this run exported, as {resource.field} ({repository.default_branch}).
     */
    public Map<String, String> pathVariables() {
        var repository = job.repository();
        Map<String, String> variables = new java.util.HashMap<>(exported);
        variables.put("owner", repository.owner());
        variables.put("repo", repository.name());
        variables.put("path", repository.path());
        variables.put("path_encoded", java.net.URLEncoder.encode(repository.path(), java.nio.charset.StandardCharsets.UTF_8));
        variables.putAll(RepositoryPathCaptures.of(platform.getRepositoryPathPattern(), repository.path()));
        return variables;
    }

    /** Makes a field of a resource's mapped data a path variable of the resources after it. */
    public void export(String resource, String field, String value) {
        exported.put(resource + "." + field, value);
        resume.exported.put(resource + "." + field, value);
    }
}
