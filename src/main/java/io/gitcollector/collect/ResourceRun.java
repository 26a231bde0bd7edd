package io.gitcollector.collect;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One resource's collection in one job, as its stages pass it along: where an incremental run starts ({@link #since}),
 * the newest time and the oldest still-pending time its mapped items carried, whether a list sorted newest first
 * reached the watermark, and, for a child resource, the parent page's held pages it joins. {@link PageMapper} moves the
 * times forward; {@link #watermarkToStore()} says where the watermark goes once every page is published.
 */
final class ResourceRun {

    final ResourceSpec spec;
    final JobContext context;
    final ResourceProgress progress;
    final Instant startedAt = Instant.now();
    /** The page's children, or a poll's webhook deliveries, are published with these; null: published at once. */
    final ChildPages heldBy;
    boolean tracksWatermark;
    /** False in a backfill: it reads a window again and leaves the watermark where it is. */
    boolean keepsWatermark = true;
    Instant since;
    /** A backfill's end: items stamped later are not published (null: no end). */
    Instant until;
    Instant newest;
    Instant pendingFrom;
    boolean reachedWatermark;

    ResourceRun(ResourceSpec spec, JobContext context, ResourceProgress progress, ChildPages heldBy) {
        this.spec = spec;
        this.context = context;
        this.progress = progress;
        this.heldBy = heldBy;
    }

    /** A top-level resource with a watermark: an incremental run reads from a little before it ({@code overlap}). */
    void startFrom(Optional<Instant> watermark, Duration overlap) {
        since = watermark.map(w -> w.minus(overlap)).orElse(null);
        newest = watermark.orElse(null);
        tracksWatermark = true;
    }

    /** A backfill reads from its own {@code since} (no overlap) to {@code until}, and moves no watermark. */
    void startBackfill(Instant since, Instant until) {
        this.since = since;
        this.until = until;
        tracksWatermark = true;
        keepsWatermark = false;
    }

    /** Goes on with what the run stopped for a rate limit had seen before. */
    void resumeFrom(ResumePoint resume) {
        Instant seen = resume.newest == null ? null : Instant.parse(resume.newest);
        if (seen != null && (newest == null || seen.isAfter(newest))) {
            newest = seen;
        }
        pendingFrom = resume.pendingFrom == null ? null : Instant.parse(resume.pendingFrom);
    }

    /** Says the resume point is on this page, with what the run has seen so far. */
    void reading(String page) {
        context.resume().reading(spec.resource(), page, newest, pendingFrom);
    }

    /**
     * Where the watermark moves once every page is published: to the newest time seen, or back to the oldest item
     * still in progress (the next run must reach back to it); empty when the resource keeps no watermark.
     */
    Optional<Instant> watermarkToStore() {
        if (!tracksWatermark || !keepsWatermark) {
            return Optional.empty();
        }
        if (pendingFrom != null && (newest == null || pendingFrom.isBefore(newest))) {
            return Optional.of(pendingFrom);
        }
        return Optional.ofNullable(newest);
    }

    /**
     * Whether the next page may be asked for while this one is published. Not when the run may stop on this page
     * (an incremental run of a list sorted newest first, that stops at its watermark): the page asked for ahead
     * would be a call spent for nothing. Nor a page asked with its own ETag: only the reading loop knows it.
     */
    boolean mayAskAhead() {
        return !(spec.stopAtWatermark() && since != null) && !spec.eachPageConditional();
    }
}
