package io.gitcollector.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.gitcollector.config.CollectorProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.kafka.KafkaConsumer;
import org.apache.camel.component.kafka.TaskHealthState;
import org.springframework.stereotype.Component;

/**
 * Whether this instance still takes jobs: the {@code run-collection-job} route is started and each of its
 * camel-kafka fetch tasks ({@code jobs.concurrency} of them) is alive, as camel-kafka reports it
 * ({@link KafkaConsumer#healthStates()}: a task that gave up is terminated).
 * <p>
 * A fetch task killed by an Error would still look alive there (camel-kafka catches only Exception and the
 * task's flags stay as they were), which is why the job runner never lets anything escape.
 */
@Component
public class JobConsumers {

    private final CamelContext camel;
    private final int expected;

    public JobConsumers(CamelContext camel, CollectorProperties properties) {
        this.camel = camel;
        this.expected = properties.getJobs().getConcurrency();
    }

    /** {@code {"status":"up"|"down","consumers":n,"expected":m}}, and a {@code reason} when down. */
    public Map<String, Object> state() {
        ServiceStatus status = camel.getRouteController().getRouteStatus(JobRoutes.RUN_JOBS_ROUTE);
        Route route = camel.getRoute(JobRoutes.RUN_JOBS_ROUTE);
        if (route == null || status == null || !status.isStarted()) {
            return state(0, "the route " + JobRoutes.RUN_JOBS_ROUTE + " is "
                    + (status == null ? "missing" : status.name().toLowerCase(Locale.ROOT)));
        }
        if (!(route.getConsumer() instanceof KafkaConsumer consumer)) {
            return state(0, "the route " + JobRoutes.RUN_JOBS_ROUTE + " has no Kafka consumer");
        }
        List<TaskHealthState> tasks = consumer.healthStates();
        int alive = (int) tasks.stream().filter(task -> !task.isTerminated()).count();
        return state(alive, alive >= expected ? null : (expected - alive) + " of " + expected
                + " Kafka consumers of the jobs topic terminated");
    }

    /** True when {@link #state()} says up. */
    public static boolean up(Map<String, Object> state) {
        return "up".equals(state.get("status"));
    }

    private Map<String, Object> state(int consumers, String reason) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("status", reason == null ? "up" : "down");
        state.put("consumers", consumers);
        state.put("expected", expected);
        if (reason != null) {
            state.put("reason", reason);
        }
        return state;
    }
}
