package io.gitcollector.collect;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The progress of one run: per resource, and the API calls it spent. */
public class JobProgress {
    private final Map<String, ResourceProgress> resources = new ConcurrentSkipListMap<>();
    private final AtomicLong apiCalls = new AtomicLong();
    private final AtomicLong queryPoints = new AtomicLong();
    private volatile Long rateLimitRemaining;
    private final AtomicLong rateLimitWaits = new AtomicLong();
    private final AtomicLong rateLimitWaitMs = new AtomicLong();

    public ResourceProgress resource(String name) {
        return resources.computeIfAbsent(name, n -> new ResourceProgress());
    }

    @JsonProperty("resources") public Map<String, ResourceProgress> resources() { return resources; }
    @JsonProperty("api_calls") public long apiCalls() { return apiCalls.get(); }
    /** The points query answers said they cost (platforms that price a query by what it asks for). */
    @JsonProperty("query_points") public long queryPoints() { return queryPoints.get(); }
    @JsonProperty("rate_limit_remaining") public Long rateLimitRemaining() { return rateLimitRemaining; }
    /** How often and how long the run waited for a rate limit. */
    @JsonProperty("rate_limit_waits") public long rateLimitWaits() { return rateLimitWaits.get(); }
    @JsonProperty("rate_limit_wait_ms") public long rateLimitWaitMs() { return rateLimitWaitMs.get(); }

    void rateLimitWait(long millis) {
        rateLimitWaits.incrementAndGet();
        rateLimitWaitMs.addAndGet(millis);
    }

    /** "resource: reason" of each resource that failed in this run. */
    public java.util.List<String> failures() {
        return resources.entrySet().stream().filter(e -> "failed".equals(e.getValue().state()))
                .map(e -> e.getKey() + ": " + e.getValue().error()).toList();
    }

    private final AtomicLong finishedTopLevel = new AtomicLong();

    /** Top-level resources this run has finished, well or skipped: before the first, a failure means the repository is out of reach. */
    long finishedResources() {
        return finishedTopLevel.get();
    }

    void topLevelFinished() {
        finishedTopLevel.incrementAndGet();
    }

    public long eventsPublished() {
        return resources.values().stream().mapToLong(ResourceProgress::published).sum();
    }

    /** At the end of a successful run every resource, child resources included, is done. */
    public void markAllDone() {
        resources.values().forEach(ResourceProgress::markDone);
    }

    /**
     * At the end of a run that failed or stopped: a resource still running will not go on, so it says so
     * ({@code interrupted}); one that failed, finished or was skipped keeps its state.
     */
    public void markUnfinishedInterrupted() {
        resources.values().forEach(ResourceProgress::markInterrupted);
    }

    /**
     * The top-level resource being collected: child resources collected meanwhile are its children (sources
     * collect their top-level resources one after another).
     */
    private volatile String collecting;
    private final Map<String, java.util.Set<String>> children = new java.util.concurrent.ConcurrentHashMap<>();

    void collecting(String topLevel) {
        collecting = topLevel;
    }

    /** A child resource is being collected, for the items of the top-level resource being collected. */
    void childCollected(String child) {
        String parent = collecting;
        if (parent != null) {
            children.computeIfAbsent(parent, p -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(child);
        }
    }

    /**
     * A top-level resource ended: its child resources' pages are all published by now, so those still running
     * are done, or interrupted when the parent failed before all its items' children were read.
     */
    void topLevelEnded(String topLevel, boolean failed) {
        for (String child : children.getOrDefault(topLevel, java.util.Set.of())) {
            ResourceProgress progress = resource(child);
            if (failed) {
                progress.markInterrupted();
            } else {
                progress.markDone();
            }
        }
    }

    /** The repository_health_computed event of this run: 1 published, 0 the same figures as before. */
    public void healthPublished(int published) {
        ResourceProgress health = resource("health");
        health.countItem();
        health.countPublished(published);
        health.countDuplicates(1 - published);
    }

    void points(long cost) {
        queryPoints.addAndGet(cost);
    }

    void apiCall(String resource) {
        apiCalls.incrementAndGet();
        resource(resource).countApiCall();
    }

    void rateLimitRemaining(Long remaining) {
        if (remaining != null) {
            this.rateLimitRemaining = remaining;
        }
    }

}
