package io.gitcollector.collect;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import org.slf4j.MDC;

/**
 * The next page of a resource, asked for while the run maps and publishes the page before it: the platform's
 * answer time and the run's own work then overlap instead of adding up. At most one page ahead per resource
 * being read; the answer is taken in page order, so what the run publishes, and when its watermark and resume
 * point move, is as it was page by page. A page asked for ahead that is not wanted after all (the run failed on
 * the page before) is dropped unread.
 */
final class PageAhead<T> {

    /** Daemon threads, as many as pages are being asked for ahead at once (one per resource a run is reading). */
    private static final ExecutorService ASKING = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "page-ahead");
        thread.setDaemon(true);
        return thread;
    });

    private final CompletableFuture<T> answer;

    private PageAhead(CompletableFuture<T> answer) {
        this.answer = answer;
    }

    /** Starts asking; the asking thread logs with the run's MDC (repository, platform, sync mode). */
    static <T> PageAhead<T> ask(Supplier<T> call) {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        return new PageAhead<>(CompletableFuture.supplyAsync(() -> {
            if (mdc != null) {
                MDC.setContextMap(mdc);
            }
            try {
                return call.get();
            } finally {
                MDC.clear();
            }
        }, ASKING));
    }

    /** The answer, or what asking threw, as the run's own call would have thrown it. */
    T get() {
        try {
            return answer.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Not wanted: the call finishes on its own and its answer is dropped. */
    void drop() {
        answer.cancel(false);
    }
}
