package io.gitcollector.jobs;

import java.time.Instant;

import io.gitcollector.config.CollectorProperties;
import io.gitcollector.state.CollectionStatusStore;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;

/**
 * Jobs travel through Kafka: queued on {@code git.collect.jobs} keyed by repository id, consumed
 * by one consumer group across every instance. Scheduled repositories queue incremental jobs on one timer,
 * each due run once cluster-wide (ScheduledRuns).
 */
@Component
public class JobRoutes extends RouteBuilder {

    public static final String ENQUEUE = "direct:enqueue-job";
    public static final String REPOSITORY_ID = "collector.repositoryId";
    /** The route whose Kafka consumers run the jobs. */
    public static final String RUN_JOBS_ROUTE = "run-collection-job";

    private final CollectorProperties properties;
    private final CollectionSchedule schedule;
    private final CollectionStatusStore statuses;

    public JobRoutes(CollectorProperties properties, CollectionSchedule schedule, CollectionStatusStore statuses) {
        this.properties = properties;
        this.schedule = schedule;
        this.statuses = statuses;
    }

    @Override
    public void configure() {
        String jobsTopic = properties.getKafka().getJobsTopic();

        from(ENQUEUE).routeId("enqueue-job")
                .removeHeaders("*")
                .setHeader(KafkaConstants.KEY, exchangeProperty(REPOSITORY_ID))
                .to("kafka:" + jobsTopic);

        // One record per poll, and a long poll interval: a job runs inside the consumer, and its offset is
        // committed only after it finishes, so a crash mid-run hands the job to the next consumer.
        from("kafka:" + jobsTopic + "?groupId={{collector.jobs.consumer-group}}"
                + "&consumersCount=" + properties.getJobs().getConcurrency()
                + "&maxPollRecords=1&maxPollIntervalMs={{collector.jobs.max-run-ms}}&autoOffsetReset=earliest"
                // How soon a killed instance's jobs go to the others.
                + "&sessionTimeoutMs=" + properties.getJobs().getSessionTimeout().toMillis())
                .routeId(RUN_JOBS_ROUTE)
                .convertBodyTo(String.class)
                // The runner never throws, an Error included: camel-kafka's fetch task catches only Exception,
                // and one that dies of an Error still looks alive in its health state.
                .bean(CollectionJobRunner.class, "run");

        // A source's webhook route asks for this where a payload is partial (a push).
        from("direct:follow-up-sync").routeId("follow-up-sync").bean(FollowUpSync.class, "request");

        // Jobs that stopped to wait for a rate limit go back on the topic when their time comes.
        from("timer:delayed-jobs?period=1000&delay=1000").routeId("requeue-delayed-jobs")
                .bean(DelayedJobs.class, "requeueDue");

        // One timer for every schedule: each tick queues the runs that are due and that no other instance claimed.
        long delay = properties.getJobs().getScheduleInitialDelay().toMillis();
        for (ScheduleEntry entry : schedule.entries()) {
            statuses.registerScheduled(entry.repository(), Instant.now().plusMillis(delay));
        }
        from("timer:collection-schedule?period=1000&delay=" + delay).routeId("collection-schedule")
                .bean(ScheduledRuns.class, "tick")
                // and starts the discoveries of registered organizations that are due.
                .bean(DiscoveryRuns.class, "tick");
    }
}
