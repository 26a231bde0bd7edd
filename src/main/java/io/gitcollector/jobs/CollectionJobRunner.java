package io.gitcollector.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;


import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.model.CollectionJob;
import io.gitcollector.collect.JobContext;
import io.gitcollector.collect.JobProgress;
import io.gitcollector.collect.RateLimitWaitException;
import io.gitcollector.collect.RefusedSources;
import io.gitcollector.health.RepositoryHealth;
import io.gitcollector.http.PlatformApiException;
import io.gitcollector.identity.PlatformRegistry;
import io.gitcollector.metrics.CollectorMetrics;
import io.gitcollector.metrics.CollectorMetrics.RunOutcome;
import io.gitcollector.secrets.SecretRedactor;
import io.gitcollector.state.CollectionStatusStore;
import io.gitcollector.state.RepositoryLock;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Runs one job from the jobs topic: takes the repository's lock, calls the platform's source route
 * ({@code direct:sync-<platform>}, defined in routes/), and writes the outcome to the status.
 */
@Component
public class CollectionJobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CollectionJobRunner.class);

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(5);
    /** How often a run's progress is written to its status while it runs (and always when it ends or waits). */
    private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);
    /** One daemon thread writes every running job's progress. */
    private static final java.util.concurrent.ScheduledExecutorService PROGRESS_FLUSHER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "progress-writer");
                thread.setDaemon(true);
                return thread;
            });
    /** Exchange properties a source's sync route reads: ${exchangeProperty.collectorAuthenticated}, …Options[name]. */
    public static final String SOURCE_AUTHENTICATED = "collectorAuthenticated";
    public static final String SOURCE_OPTIONS = "collectorOptions";

    private final RepositoryLock lock;
    private final CollectionStatusStore statuses;
    private final PlatformRegistry platforms;
    private final CollectionSchedule schedule;
    private final ProducerTemplate template;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final RepositoryHealth health;
    private final DelayedJobs delayed;
    private final ResumeStore resumes;
    private final CollectorMetrics metrics;
    private final SecretRedactor redactor;
    private final RunnableSyncMode syncModes;
    private final RefusedSources refusedSources;

    public CollectionJobRunner(RepositoryLock lock, CollectionStatusStore statuses, PlatformRegistry platforms,
                               CollectionSchedule schedule, ProducerTemplate template, ObjectMapper mapper, Clock clock,
                               RepositoryHealth health, DelayedJobs delayed, ResumeStore resumes, CollectorMetrics metrics,
                               SecretRedactor redactor, RunnableSyncMode syncModes, RefusedSources refusedSources) {
        this.syncModes = syncModes;
        this.refusedSources = refusedSources;
        this.metrics = metrics;
        this.redactor = redactor;
        this.health = health;
        this.delayed = delayed;
        this.resumes = resumes;
        this.lock = lock;
        this.statuses = statuses;
        this.platforms = platforms;
        this.schedule = schedule;
        this.template = template;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Runs one job from the jobs topic, and never throws: whatever ends a run, an {@link Error} included, is
     * written to its status and logged, so that the Kafka consumer calling this goes on with the next job.
     */
    public void run(String jobJson) {
        try {
            CollectionJob job;
            try {
                job = mapper.readValue(jobJson, CollectionJob.class);
            } catch (Exception e) {
                LOG.error("Dropped a job that is not a collection job: {}", e.getMessage());
                return;
            }
            String repositoryId = job.repositoryId();
            // Every log line of this run (API calls, waits, failures) carries the repository it is about.
            try (var a = MDC.putCloseable("repository_id", repositoryId);
                 var b = MDC.putCloseable("platform", job.platform());
                 var c = MDC.putCloseable("sync_mode", job.syncMode())) {
                runWithLock(job);
            }
        } catch (Throwable t) {
            // The last guard: recording the failure failed too (an OutOfMemoryError again). The consumer lives on.
            LOG.error("A job ended in {} that could not be recorded; this instance goes on taking jobs", describe(t), t);
        }
    }

    private void runWithLock(CollectionJob job) {
        String repositoryId = job.repositoryId();
        boolean runStarted = false;
        try {
            String lockToken = lock.awaitAcquire(repositoryId);
            if (lockToken == null) {
                LOG.info("Skipped a job for {}: another run held its lock for longer than its TTL", repositoryId);
                return;
            }
            try {
                // Decided when it was queued; checked again for a job queued otherwise (or before a status was lost).
                String mode = syncModes.of(job.syncMode(), job.backfill(), repositoryId);
                if (!mode.equals(job.syncMode())) {
                    job = job.withSyncMode(mode);
                    MDC.put("sync_mode", mode); // every line of the run names the mode it runs in
                }
                runStarted = true; // from here the run counts its own outcome
                runLocked(job, lockToken);
            } finally {
                lock.release(repositoryId, lockToken);
            }
        } catch (Throwable e) {
            // Left as it is, a 'queued' or 'running' status with no job behind it would refuse every later trigger.
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String error = (runStarted ? "the run failed: " : "the job could not start: ") + describe(e);
            if (errorIn(e) != null) {
                LOG.error("Job for {}: {}", repositoryId, error, e);
            } else {
                LOG.error("Job for {}: {}", repositoryId, error);
            }
            if (!runStarted) {
                metrics.runNotStarted(job.platform(), job.syncMode());
            }
            try {
                statuses.markFailed(repositoryId, error, clock.instant(), null);
            } catch (Exception statusDown) {
                LOG.error("Could not record the failure of {} either: {}", repositoryId, statusDown.getMessage());
            }
        }
    }

    /** Runs the job under its lock, counted and timed by the status it leaves. */
    private void runLocked(CollectionJob job, String lockToken) {
        String repositoryId = job.repositoryId();
        CollectorMetrics.Run run = metrics.runStarted(job.platform(), job.syncMode());
        RunOutcome outcome = RunOutcome.FAILED;
        try {
            outcome = execute(job, lockToken, repositoryId);
        } finally {
            run.ended(outcome);
        }
    }

    /** The run itself; its outcome is the status it leaves (an exception leaves it failed, or unwritten). */
    private RunOutcome execute(CollectionJob job, String lockToken, String repositoryId) {
        Instant started = clock.instant();
        statuses.markRunning(repositoryId, job.syncMode(), started);
        LOG.info("Started {} sync of {} ({})", job.syncMode(), job.repositoryUrl(), repositoryId);
        JobProgress progress = new JobProgress();
        ProgressWriter writer = new ProgressWriter(repositoryId, progress, lockToken);
        try {
            JobContext context = new JobContext(job, platforms.platform(job.platform()), progress, writer::pageDone,
                    writer::keepAlive, resumes.load(repositoryId, job.resume()));
            requireSource(job.platform());
            Exchange result = template.send("direct:sync-" + job.platform(),
                    SourceRoutesCalls.exchange(template.getCamelContext(), context));
            if (result.getException() != null) {
                RateLimitWaitException wait = waitIn(result.getException());
                if (wait != null) {
                    // The thread is freed: the job waits in Redis and goes on from here when the quota is back.
                    writer.write();
                    resumes.save(repositoryId, context.resume());
                    delayed.schedule(job.resuming(), wait.until());
                    statuses.markWaiting(repositoryId, wait.getMessage(), wait.until());
                    LOG.warn("Paused {} sync of {} for the rate limit until {}", job.syncMode(), job.repositoryUrl(), wait.until());
                    return RunOutcome.WAITING;
                }
                throw result.getException();
            }
            resumes.clear(repositoryId);
            if (!progress.failures().isEmpty()) {
                throw new IllegalStateException(progress.failures().size() + " of " + progress.resources().size()
                        + " resources failed (the others were collected): " + String.join("; ", progress.failures()));
            }
            // Computed from everything collected so far, this run's items included.
            progress.healthPublished(health.publish(job, clock.instant()));
            progress.markAllDone();
            writer.write();
            Instant finished = clock.instant();
            statuses.markCompleted(repositoryId, finished, schedule.nextSync(repositoryId, finished).orElse(null));
            LOG.info("Completed {} sync of {}: {} events published, {} API calls, {} ms", job.syncMode(),
                    job.repositoryUrl(), progress.eventsPublished(), progress.apiCalls(),
                    Duration.between(started, finished).toMillis());
            return RunOutcome.COMPLETED;
        } catch (Throwable e) {
            // An Error too (OutOfMemoryError, StackOverflowError): its stack is unwound by now, and the run is one
            // repository's; the instance, its lock and its consumer must outlive it.
            String error = describe(e);
            // The run is over: a resource it left running (children of the one that failed, those after it) ends here.
            progress.markUnfinishedInterrupted();
            try {
                writer.write();
            } catch (Throwable progressLost) {
                LOG.warn("Could not write the progress of {}: {}", repositoryId, describe(progressLost));
            }
            Instant finished = clock.instant();
            statuses.markFailed(repositoryId, error, finished, schedule.nextSync(repositoryId, finished).orElse(null));
            if (errorIn(e) != null) {
                LOG.error("Failed {} sync of {}: {}", job.syncMode(), job.repositoryUrl(), error, e);
            } else if (e instanceof PlatformApiException || e.getCause() instanceof PlatformApiException) {
                LOG.warn("Failed {} sync of {}: {}", job.syncMode(), job.repositoryUrl(), error);
            } else {
                LOG.warn("Failed {} sync of {}: {}", job.syncMode(), job.repositoryUrl(), error, e);
            }
            return RunOutcome.FAILED;
        } finally {
            writer.close();
        }
    }

    private static RateLimitWaitException waitIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RateLimitWaitException wait) {
                return wait;
            }
        }
        return null;
    }

    /** A platform configured without its source file would otherwise wait on direct: for a consumer that never comes. */
    private void requireSource(String platform) {
        if (!SourceRoutesCalls.declared(template.getCamelContext(), "sync-" + platform)) {
            // A source refused at a reload says why, rather than that it is missing.
            refusedSources.reasonFor(platform).ifPresent(reason -> {
                throw new IllegalStateException("no source for platform " + platform + ": " + reason);
            });
            throw new IllegalStateException("no source for platform " + platform + ": no route reads from direct:sync-"
                    + platform + " (add its YAML file, e.g. " + platform + ".yaml, to the routes directory)");
        }
    }

    /**
     * What the status and the log line say of a failure, without our secrets: a message built from outside
     * text by code that forgot to redact it is still caught here. (A stack trace logged with it is redacted
     * by the log encoder, SecretRedactingLogMembers.)
     */
    private String describe(Throwable e) {
        Error error = errorIn(e);
        if (error != null) {
            // Camel hands an Error back wrapped in an exception; what the run died of is the Error.
            return redactor.redact("the run died of " + error.getClass().getName()
                    + (error.getMessage() == null ? "" : ": " + error.getMessage()));
        }
        Throwable t = e;
        // Camel wraps what the route threw; the innermost message of our own is the useful one.
        while (t.getCause() != null && t.getMessage() != null && t.getMessage().startsWith("Exception occurred during execution")) {
            t = t.getCause();
        }
        return redactor.redact(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    }

    private static Error errorIn(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof Error error) {
                return error;
            }
        }
        return null;
    }

    /**
     * Writes a run's progress to its status: every {@link #PROGRESS_INTERVAL} from the background while pages come
     * in (the run's thread spends no Redis round trip on it, and the status moves on while a call hangs), and at
     * once, from the run's thread, when the run ends or pauses. Also renews the run's lock.
     */
    private final class ProgressWriter implements AutoCloseable {
        private final String repositoryId;
        private final JobProgress progress;
        private final String lockToken;
        private Instant lastRenewal = Instant.EPOCH;
        private volatile boolean dirty;
        private volatile boolean closed;
        /** Held while the lock is renewed: close() waits for a renewal under way, and none starts after it. */
        private final Object renewal = new Object();
        private final java.util.concurrent.ScheduledFuture<?> flushing;

        ProgressWriter(String repositoryId, JobProgress progress, String lockToken) {
            this.repositoryId = repositoryId;
            this.progress = progress;
            this.lockToken = lockToken;
            long every = PROGRESS_INTERVAL.toMillis();
            this.flushing = PROGRESS_FLUSHER.scheduleWithFixedDelay(this::flushIfChanged, every, every,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        /** After each page: the progress is due for writing, and the lock renewed as before an API call. */
        void pageDone() {
            dirty = true;
            keepAlive();
        }

        /**
         * Before each API call: one call may outlast the lock's TTL, so the lock is renewed every few seconds. Not
         * once the run has ended: a page asked for ahead and dropped must not take the released lock again.
         */
        void keepAlive() {
            synchronized (renewal) {
                if (closed) {
                    throw new io.gitcollector.collect.RunAbortedException("the run of " + repositoryId + " has ended");
                }
                Instant now = clock.instant();
                if (Duration.between(lastRenewal, now).compareTo(KEEP_ALIVE) >= 0) {
                    renew();
                }
            }
        }

        private void renew() {
            if (!lock.renew(repositoryId, lockToken)) {
                throw new io.gitcollector.collect.RunAbortedException("lost the lock of " + repositoryId + " to another run");
            }
            lastRenewal = clock.instant();
        }

        private synchronized void flushIfChanged() {
            if (closed || !dirty) {
                return;
            }
            dirty = false;
            try {
                record();
            } catch (RuntimeException e) {
                dirty = true; // tried again next time; the run's own final write reports a Redis that stays away
                LOG.debug("Could not write the progress of {} yet: {}", repositoryId, e.getMessage());
            }
        }

        /** Writes the progress now, from the run's thread; no background write comes after it. */
        synchronized void write() {
            close();
            record();
        }

        private void record() {
            try {
                statuses.recordProgress(repositoryId, mapper.writeValueAsString(progress), progress.apiCalls());
            } catch (Exception e) {
                throw new IllegalStateException("could not write progress: " + e.getMessage(), e);
            }
        }

        @Override
        public synchronized void close() {
            synchronized (renewal) {
                closed = true;
            }
            flushing.cancel(false);
        }
    }

}
