package io.gitcollector.model;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a trigger asked to collect again, beside the normal incremental window: from {@code since} (instead of each
 * resource's watermark, which a backfill leaves where it is), items stamped up to {@code until}, and only the named
 * top-level {@code resources}. Each part may be absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Backfill(
        @JsonProperty("since") String since,
        @JsonProperty("until") String until,
        @JsonProperty("resources") List<String> resources) {

    public Instant sinceInstant() {
        return since == null ? null : Instant.parse(since);
    }

    public Instant untilInstant() {
        return until == null ? null : Instant.parse(until);
    }

    /** Whether it names a time window (else it only picks resources, and the watermarks hold as usual). */
    public boolean hasWindow() {
        return since != null || until != null;
    }

    /** Whether a top-level resource of the source is one the trigger asked for (all, when it named none). */
    public boolean includes(String resource) {
        return resources == null || resources.contains(resource);
    }
}
