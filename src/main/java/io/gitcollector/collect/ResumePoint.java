package io.gitcollector.collect;

import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a run is: the resources it finished, and the page of the resource it is reading (with the
 * newest and oldest-pending times seen so far). Kept in Redis when the run stops to wait for a rate
 * limit, so the run that goes on later skips what was done and reads on from that page.
 */
public class ResumePoint {

    @JsonProperty("completed") public Set<String> completed = new LinkedHashSet<>();
    @JsonProperty("resource") public String resource;
    @JsonProperty("page") public String page;
    @JsonProperty("newest") public String newest;
    @JsonProperty("pending_from") public String pendingFrom;
    /** The fields earlier resources exported ({repository.default_branch}): a skipped resource exports nothing. */
    @JsonProperty("exported") public java.util.Map<String, String> exported = new java.util.concurrent.ConcurrentHashMap<>();

    /** The page before the current one: a run goes on from there, in case items shifted while it waited. */
    @JsonProperty("previous_page") public String previousPage;

    synchronized void reading(String resource, String page, java.time.Instant newest, java.time.Instant pendingFrom) {
        this.previousPage = resource.equals(this.resource) ? this.page : null;
        this.resource = resource;
        this.page = page;
        this.newest = newest == null ? null : newest.toString();
        this.pendingFrom = pendingFrom == null ? null : pendingFrom.toString();
    }

    synchronized void finished(String resource) {
        completed.add(resource);
        if (resource.equals(this.resource)) {
            this.resource = null;
            this.page = null;
            this.previousPage = null;
            this.newest = null;
            this.pendingFrom = null;
        }
    }
}
