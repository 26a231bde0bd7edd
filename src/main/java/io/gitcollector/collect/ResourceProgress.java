package io.gitcollector.collect;

import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Counters of one resource within a run, shown in the status while it runs. */
public class ResourceProgress {
    private final AtomicLong pages = new AtomicLong();
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong apiCalls = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong notModified = new AtomicLong();
    private volatile Long pagesExpected;
    private volatile String state = "running";
    private volatile String error;

    @JsonProperty("pages") public long pages() { return pages.get(); }
    @JsonProperty("items") public long items() { return items.get(); }
    @JsonProperty("published") public long published() { return published.get(); }
    @JsonProperty("duplicates") public long duplicates() { return duplicates.get(); }
    @JsonProperty("api_calls") public long apiCalls() { return apiCalls.get(); }
    @JsonProperty("dead_letters") public long deadLetters() { return deadLetters.get(); }
    @JsonProperty("not_modified") public long notModified() { return notModified.get(); }
    /** The list's page count as the API announced it on the first page (null: not announced). */
    @JsonProperty("pages_expected") public Long pagesExpected() { return pagesExpected; }
    @JsonProperty("state") public String state() { return state; }
    /** Why the resource failed; absent unless it did. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    @JsonProperty("error") public String error() { return error; }

    void countPage() { pages.incrementAndGet(); }
    void countItem() { items.incrementAndGet(); }
    void countPublished(long n) { published.addAndGet(n); }
    void countDuplicates(long n) { duplicates.addAndGet(n); }
    void countNotModified() { notModified.incrementAndGet(); }
    void expectPages(long pages) { pagesExpected = pages; }
    void countDeadLetter() { deadLetters.incrementAndGet(); }
    void countApiCall() { apiCalls.incrementAndGet(); }
    void markFailed(String reason) {
        state = "failed";
        error = reason;
    }
    void markDone() {
        if (!"skipped".equals(state) && !"failed".equals(state)) {
            state = "done";
        }
    }
    /** The run failed or stopped while this resource was still running: it will not finish in this run. */
    void markInterrupted() {
        if ("running".equals(state)) {
            state = "interrupted";
        }
    }
    /** The token may not read this resource: the run goes on without it (the log says why). */
    void markSkipped() { state = "skipped"; }

    boolean skipped() { return "skipped".equals(state); }
}
