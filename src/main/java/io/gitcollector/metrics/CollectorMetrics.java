package io.gitcollector.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

import io.gitcollector.model.AttemptOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Every meter of the collector, by name, in one place (the README's "Metrics" lists them). Callers say
 * what happened; this class turns it into Micrometer meters, which {@code GET /metrics} exports in the
 * Prometheus format (dots become underscores; counters get {@code _total}, timers {@code _seconds}).
 * Tag values come from the callers (a platform is named by its configuration key), never from here.
 */
@Component
public class CollectorMetrics {

    /**
     * Buckets of {@code git.collector.processing.duration}: an unchanged repository's incremental run takes
     * a fraction of a second, a large full sync many minutes. Spring Boot's
     * {@code management.metrics.distribution.slo.git.collector.processing.duration} replaces them.
     */
    private static final Duration[] RUN_BUCKETS = {
            Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1)};

    /** How a collection run ended: the status it left. */
    public enum RunOutcome {
        COMPLETED, FAILED, WAITING;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;

    public CollectorMetrics(MeterRegistry registry, io.gitcollector.config.CollectorProperties properties) {
        this.registry = registry;
        properties.getPlatforms().keySet().forEach(this::seed);
    }

    /**
     * Every series of a platform's requests and collections at zero from the start: a Prometheus rate() or alert on
     * them needs the series before the first run, and a scrape of a fresh service should list what it will report.
     */
    private void seed(String platform) {
        for (String outcome : java.util.List.of("success", "failed")) {
            requests(platform, outcome);
        }
        for (AttemptOutcome outcome : AttemptOutcome.values()) {
            if (outcome.failed()) {
                failedRequests(platform, outcome);
            }
        }
        for (String mode : java.util.List.of("full", "incremental")) {
            for (RunOutcome outcome : RunOutcome.values()) {
                collections(platform, mode, outcome);
                processingDuration(platform, mode, outcome);
            }
        }
    }

    /** One attempt to call a platform API (retries and redirects are attempts of their own). */
    public void request(String platform, AttemptOutcome outcome) {
        requests(platform, outcome.failed() ? "failed" : "success").increment();
        if (outcome.failed()) {
            failedRequests(platform, outcome).increment();
        }
    }

    private Counter requests(String platform, String outcome) {
        return Counter.builder("git.collector.requests")
                .description("Attempts to call a platform API, by outcome (success or failed)")
                .tags("platform", platform, "outcome", outcome)
                .register(registry);
    }

    private Counter failedRequests(String platform, AttemptOutcome outcome) {
        return Counter.builder("git.collector.requests.failed")
                .description("Failed attempts to call a platform API, by reason")
                .tags("platform", platform, "reason", outcome.tag())
                .register(registry);
    }

    private Timer processingDuration(String platform, String mode, RunOutcome outcome) {
        // By mode too: a full sync and an incremental one differ in time by orders of magnitude.
        return Timer.builder("git.collector.processing.duration")
                .description("Wall time of a collection run, from taking its job to its end")
                .tags("platform", platform, "mode", mode, "outcome", outcome.tag())
                .serviceLevelObjectives(RUN_BUCKETS)
                .register(registry);
    }

    /** Starts timing a collection run of {@code platform} in {@code mode} (full, incremental). */
    public Run runStarted(String platform, String mode) {
        return new Run(platform, mode, System.nanoTime());
    }

    /** A job that ended before its run could start (its lock or status could not be had): counted, not timed. */
    public void runNotStarted(String platform, String mode) {
        collections(platform, mode, RunOutcome.FAILED).increment();
    }

    /** Events Kafka acknowledged on {@code topic}: each event counts once, whatever the size of its batch. */
    public void eventsPublished(String topic, int events) {
        Counter.builder("git.collector.events.published")
                .description("Events Kafka acknowledged, by topic")
                .tag("topic", topic)
                .register(registry).increment(events);
    }

    /** A run waited for a rate limit, in its thread ({@code in_thread}) or paused ({@code paused}). */
    public void rateLimitWait(String platform, String how, Duration wait) {
        Counter.builder("git.collector.rate.limit.waits")
                .description("Waits for a platform's rate limit, in the run's thread or as a paused run")
                .tags("platform", platform, "how", how)
                .register(registry).increment();
        Timer.builder("git.collector.rate.limit.wait")
                .description("Time spent waiting for a platform's rate limit")
                .tag("platform", platform)
                .register(registry).record(wait);
    }

    /** The calls {@code platform}'s tokens have left, as {@code remaining} tells at each scrape. */
    public void rateLimitRemaining(String platform, Supplier<Number> remaining) {
        Gauge.builder("git.collector.rate.limit.remaining", remaining)
                .description("Calls the platform's tokens have left: the sum of the last figure each live token's answers gave")
                .tag("platform", platform)
                .register(registry);
    }

    /** An API host's circuit breaker: 0 closed, 1 open, 2 half-open (Resilience4j's order of its states). */
    public void breakerState(String host, Supplier<Number> state) {
        Gauge.builder("git.collector.circuit.breaker.state", state)
                .description("Circuit breaker of a platform API host: 0 closed, 1 open, 2 half-open")
                .tag("host", host)
                .register(registry);
    }

    private Counter collections(String platform, String mode, RunOutcome outcome) {
        return Counter.builder("git.collector.collections")
                .description("Collection runs, by platform, sync mode and the status they ended in")
                .tags("platform", platform, "mode", mode, "outcome", outcome.tag())
                .register(registry);
    }

    /** One collection run being timed. */
    public final class Run {
        private final String platform;
        private final String mode;
        private final long startedNanos;

        private Run(String platform, String mode, long startedNanos) {
            this.platform = platform;
            this.mode = mode;
            this.startedNanos = startedNanos;
        }

        /** The run ended with {@code outcome}: counted, and its wall time recorded. */
        public void ended(RunOutcome outcome) {
            collections(platform, mode, outcome).increment();
            processingDuration(platform, mode, outcome).record(Duration.ofNanos(System.nanoTime() - startedNanos));
        }
    }
}
