package io.gitcollector;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.model.RepositoryIdentity;
import io.gitcollector.simulator.SimulatedGitLabProject;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.PrometheusExposition;
import io.gitcollector.support.PrometheusExposition.Family;
import io.gitcollector.support.PrometheusExposition.Sample;
import io.gitcollector.support.PlatformSyncTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /metrics}: the collector's meters, with their labels, and Camel's route meters, in a Prometheus
 * exposition whose text is valid line by line and whose protobuf form parses and says the same
 * (see {@link PrometheusExposition} for the readers and why they are these).
 */
class MetricsTest extends PlatformSyncTest {

    private static final String PROTOBUF = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
    private static final List<String> TOPICS = List.of("git.repositories", "git.commits", "git.pull_requests",
            "git.issues", "git.contributors", "git.pipelines", "git.dlq");
    /** Families that measure the JVM and the web server: they move between any two requests. */
    private static final Pattern MOVING = Pattern.compile(
            "(jvm|process|system|disk|executor|http_server_requests|logback|tomcat)_.*");

    @Test
    void aGitHubSyncWithFailingAnswersAndAMissingRepositoryShowInEveryMeterWithItsLabels() {
        awaitScheduledRepositorySynced();
        SimulatedRepository repo = GITHUB.createRepository("metrics", "counted").seed(12, 3, 1);
        PrometheusExposition before = scrape();

        repo.faults().failNext(2, 502); // two answers fail and are retried
        GITHUB.secondaryLimitNext(1, 1, 429); // one asks to slow down for a second: waited out in the thread
        JsonNode synced = completed(repo.url(), true);
        String id = synced.path("repository_id").asText();
        JsonNode missing = collect(GITHUB.apiUrl() + "/metrics/does-not-exist", true);
        assertThat(missing.path("status").asText()).isEqualTo("failed");
        // The slowed-down call may have been the scheduled repository's, whose run goes on beside these.
        await().atMost(Duration.ofSeconds(10)).until(() -> delta(before, scrape(), "git_collector_rate_limit_waits_total",
                Map.of("platform", "github", "how", "in_thread")) >= 1);
        PrometheusExposition after = scrape();

        // The webhook meters come with the first delivery (GitHubWebhookTest reads them): here only if one ran before.
        Map<String, String> families = new java.util.TreeMap<>(types(after, "git_collector_"));
        families.keySet().removeIf(name -> name.startsWith("git_collector_webhook"));
        assertThat(families).isEqualTo(Map.ofEntries(
                Map.entry("git_collector_requests_total", "counter"),
                Map.entry("git_collector_requests_failed_total", "counter"),
                Map.entry("git_collector_collections_total", "counter"),
                Map.entry("git_collector_processing_duration_seconds", "histogram"),
                Map.entry("git_collector_processing_duration_seconds_max", "gauge"),
                Map.entry("git_collector_events_published_total", "counter"),
                Map.entry("git_collector_rate_limit_remaining", "gauge"),
                Map.entry("git_collector_rate_limit_waits_total", "counter"),
                Map.entry("git_collector_rate_limit_wait_seconds", "summary"),
                Map.entry("git_collector_rate_limit_wait_seconds_max", "gauge"),
                Map.entry("git_collector_circuit_breaker_state", "gauge")));

        // Each attempt: the two 502s, the 429, the 404, and the rest of this run's calls (a background run adds its own).
        Map<String, String> github = Map.of("platform", "github");
        assertThat(delta(before, after, "git_collector_requests_failed_total", with(github, "reason", "server_error"))).isEqualTo(2);
        assertThat(delta(before, after, "git_collector_requests_failed_total", with(github, "reason", "rate_limited"))).isEqualTo(1);
        assertThat(delta(before, after, "git_collector_requests_failed_total", with(github, "reason", "client_error"))).isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "git_collector_requests_total", with(github, "outcome", "failed"))).isGreaterThanOrEqualTo(4);
        long sent = GITHUB.requestsTo("/repos/metrics/counted") + GITHUB.requestsTo("/repos/metrics/does-not-exist");
        assertThat(delta(before, after, "git_collector_requests_total", with(github, "outcome", "success"))
                + delta(before, after, "git_collector_requests_total", with(github, "outcome", "failed")))
                .as("at least the requests these two runs sent").isGreaterThanOrEqualTo(sent);

        // Each run by platform, mode and the status it ended in; its wall time in a histogram of the same labels.
        Map<String, String> full = with(github, "mode", "full");
        assertThat(delta(before, after, "git_collector_collections_total", with(full, "outcome", "completed"))).isEqualTo(1);
        assertThat(delta(before, after, "git_collector_collections_total", with(full, "outcome", "failed"))).isEqualTo(1);
        for (String outcome : List.of("completed", "failed")) {
            Map<String, String> run = with(full, "outcome", outcome);
            assertThat(delta(before, after, "git_collector_processing_duration_seconds_count", run)).as(outcome).isEqualTo(1);
            assertThat(delta(before, after, "git_collector_processing_duration_seconds_bucket", with(run, "le", "+Inf"))).isEqualTo(1);
            assertThat(delta(before, after, "git_collector_processing_duration_seconds_sum", run)).isPositive();
            assertThat(after.samples("git_collector_processing_duration_seconds_bucket", run))
                    .extracting(s -> s.labels().get("le")).containsExactly("0.1", "0.5", "1.0", "5.0", "15.0", "30.0",
                            "60.0", "120.0", "300.0", "900.0", "1800.0", "3600.0", "+Inf");
        }

        // Each event once Kafka acknowledged it, by topic.
        assertThat(delta(before, after, "git_collector_events_published_total", Map.of("topic", "git.commits"))).isEqualTo(12);
        for (String topic : List.of("git.repositories", "git.pull_requests")) {
            assertThat(delta(before, after, "git_collector_events_published_total", Map.of("topic", topic)))
                    .as(topic).isEqualTo(events(topic, id).size()).isPositive();
        }

        // What GitHub's rate-limit headers last said, and the wait its 429 caused.
        // Whichever token answered last (other tests give theirs quotas of millions): a real figure, not NaN.
        assertThat(present(after, "git_collector_rate_limit_remaining", github)).isGreaterThanOrEqualTo(1.0).isLessThan(Double.POSITIVE_INFINITY);
        assertThat(delta(before, after, "git_collector_rate_limit_wait_seconds_count", github)).isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "git_collector_rate_limit_wait_seconds_sum", github)).isGreaterThan(0.5);
        String host = GITHUB.baseUrl().replace("http://", "");
        assertThat(present(after, "git_collector_circuit_breaker_state", Map.of("host", host))).as("closed").isZero();

        // Camel's own: each route's processing time and exchanges, the failed sync's exchange among them.
        Map<String, String> sync = camelRoute("github-sync");
        assertThat(delta(before, after, "camel_route_policy_seconds_count", sync)).isGreaterThanOrEqualTo(2);
        assertThat(delta(before, after, "camel_route_policy_seconds_sum", sync)).isPositive();
        assertThat(delta(before, after, "camel_exchanges_total", sync)).isGreaterThanOrEqualTo(2);
        assertThat(delta(before, after, "camel_exchanges_failed_total", sync)).isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "camel_exchanges_total", camelRoute("trigger-collection"))).isEqualTo(2);
        assertThat(delta(before, after, "camel_exchanges_total", camelRoute("run-collection-job"))).isGreaterThanOrEqualTo(2);
        assertThat(delta(before, after, "camel_exchanges_total", camelRoute("publish-events"))).isPositive();
        // The API calls' timings: sent from outside any route, they carry route_id="none" (their meter was refused before).
        assertThat(after.samples("camel_exchange_event_notifier_seconds_count", Map.of("endpoint_name", "http://platform-api",
                "route_id", "none")).stream().mapToDouble(Sample::value).sum()).isPositive();
        assertThat(present(after, "camel_routes_running_routes", Map.of("camel_context", "git-collector",
                "event_type", "RouteEvent", "kind", "CamelRoute"))).isPositive();
    }

    /** GitLab has no background run in the tests, so there every count is exact. */
    @Test
    void everyAttemptAndEveryEventIsCountedExactlyOnce() {
        SimulatedGitLabProject project = GITLAB.createProject("metrics/exact").seed(40, 6, 1, 4, 1, 3);
        PrometheusExposition before = scrape();
        long requestsBefore = GITLAB.requests();
        GITLAB.chaos().failRandomly(0.1, 7, 500, 503);
        GITLAB.chaos().truncateRandomly(0.1, 8);
        GITLAB.chaos().dropRandomly(0.05, 9);
        JsonNode status;
        long failures;
        long truncations;
        long drops;
        try {
            status = completed(project.url(), true);
        } finally {
            failures = GITLAB.chaos().injectedFailures();
            truncations = GITLAB.chaos().injectedTruncations();
            drops = GITLAB.chaos().injectedDrops();
            GITLAB.chaos().reset();
        }
        long attempts = GITLAB.requests() - requestsBefore;
        PrometheusExposition after = scrape();
        String id = status.path("repository_id").asText();
        assertThat(List.of(failures, truncations, drops)).as("faults injected").allMatch(n -> n > 0);

        Map<String, String> gitlab = Map.of("platform", "gitlab");
        double failed = delta(before, after, "git_collector_requests_total", with(gitlab, "outcome", "failed"));
        double succeeded = delta(before, after, "git_collector_requests_total", with(gitlab, "outcome", "success"));
        assertThat(failed + succeeded).as("attempts the simulator saw").isEqualTo(attempts);
        assertThat(failed).isEqualTo(failures + truncations + drops);
        assertThat(delta(before, after, "git_collector_requests_failed_total", with(gitlab, "reason", "server_error"))).isEqualTo(failures);
        assertThat(delta(before, after, "git_collector_requests_failed_total", with(gitlab, "reason", "invalid_body"))).isEqualTo(truncations);
        assertThat(delta(before, after, "git_collector_requests_failed_total", with(gitlab, "reason", "io"))).isEqualTo(drops);

        for (String topic : TOPICS) {
            assertThat(delta(before, after, "git_collector_events_published_total", Map.of("topic", topic)))
                    .as(topic).isEqualTo(events(topic, id).size());
        }
        assertThat(allEvents(id)).hasSizeGreaterThan(40);

        Map<String, String> run = Map.of("platform", "gitlab", "mode", "full", "outcome", "completed");
        assertThat(delta(before, after, "git_collector_collections_total", run)).isEqualTo(1);
        assertThat(delta(before, after, "git_collector_processing_duration_seconds_count", run)).isEqualTo(1);
        assertThat(present(after, "git_collector_rate_limit_remaining", gitlab))
                .as("the figure of the run's last answer").isEqualTo(status.path("progress").path("rate_limit_remaining").asDouble());
        assertThat(delta(before, after, "camel_route_policy_seconds_count", camelRoute("gitlab-sync"))).isEqualTo(1);
        assertThat(delta(before, after, "camel_exchanges_total", camelRoute("gitlab-sync"))).isEqualTo(1);
    }

    @Test
    void theTextOutputIsValidAndSaysWhatTheProtobufOutputSays() {
        awaitScheduledRepositorySynced(); // some of the collector's meters to compare

        HttpResponse<String> plain = get("/metrics");
        assertThat(plain.statusCode()).isEqualTo(200);
        MediaType type = MediaType.parseMediaType(plain.headers().firstValue("Content-Type").orElseThrow());
        assertThat(type.isCompatibleWith(MediaType.TEXT_PLAIN)).isTrue();
        assertThat(type.getParameters()).containsEntry("version", "0.0.4");
        assertThat(type.getCharset()).isEqualTo(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(getBytes("/actuator/prometheus", "text/plain").statusCode()).isEqualTo(200);

        // Two requests see two moments: compare a pair that no background run (or timer) fell between.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            HttpResponse<byte[]> text = getBytes("/metrics", "text/plain");
            HttpResponse<byte[]> protobuf = getBytes("/metrics", PROTOBUF);
            assertThat(protobuf.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/vnd.google.protobuf").contains("proto=io.prometheus.client.MetricFamily")
                    .contains("encoding=delimited");
            PrometheusExposition fromText = PrometheusExposition.parseText(text.body());
            PrometheusExposition fromProtobuf = PrometheusExposition.parseProtobuf(protobuf.body());

            assertThat(fromText.families().keySet()).isEqualTo(fromProtobuf.families().keySet());
            fromText.families().forEach((name, family) -> {
                Family other = fromProtobuf.families().get(name);
                assertThat(family.type()).as(name).isEqualTo(other.type());
                assertThat(family.help()).as(name).isEqualTo(other.help());
                assertThat(series(family)).as(name).isEqualTo(series(other));
                if (!MOVING.matcher(name).matches()) {
                    assertThat(family.samples()).as(name).isEqualTo(other.samples());
                }
            });
            assertThat(fromText.families()).containsKeys("git_collector_requests_total", "camel_route_policy_seconds");
        });
    }

    /**
     * Gerrit is configured but only GerritSyncTest collects from it, and none of its runs fails, waits or meets a
     * too-large answer: those series are there only because they are seeded at start.
     */
    @Test
    void everySeedSeriesIsThereFromTheStartAndTheExpositionFollowsPromtoolsRules() {
        PrometheusExposition now = scrape();

        for (String mode : List.of("full", "incremental")) {
            assertThat(present(now, "git_collector_collections_total", Map.of("platform", "gerrit", "mode", mode, "outcome", "waiting")))
                    .isZero();
            assertThat(present(now, "git_collector_processing_duration_seconds_count",
                    Map.of("platform", "gerrit", "mode", mode, "outcome", "failed"))).isZero();
        }
        assertThat(present(now, "git_collector_requests_failed_total", Map.of("platform", "gerrit", "reason", "too_large"))).isZero();
        assertThat(present(now, "git_collector_requests_total", Map.of("platform", "faulty", "outcome", "success"))).isZero();
        assertThat(now.families().values()).allSatisfy(family -> {
            assertThat(family.help()).as(family.name() + " help").isNotBlank();
            assertThat(family.samples()).allSatisfy(sample -> sample.labels().forEach((name, value) -> {
                assertThat(name).as(family.name() + " label").matches("[a-z_][a-z0-9_]*");
                assertThat(value).as(family.name() + " " + name).isNotEmpty();
            }));
        });
    }

    private PrometheusExposition scrape() {
        HttpResponse<byte[]> response = getBytes("/metrics", "text/plain");
        assertThat(response.statusCode()).isEqualTo(200);
        return PrometheusExposition.parseText(response.body());
    }

    /** The scheduled repository's first (full) sync publishes events of its own; its later ones publish none. */
    private void awaitScheduledRepositorySynced() {
        String id = RepositoryIdentity.idOf((GITHUB.apiUrl() + "/" + SCHEDULED_OWNER + "/timer-repo").toLowerCase());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> status(id).path("last_sync").isTextual());
    }

    private static double delta(PrometheusExposition before, PrometheusExposition after, String sample, Map<String, String> labels) {
        return after.valueOr0(sample, labels) - before.valueOr0(sample, labels);
    }

    /** The value of a sample that must be there. */
    private static double present(PrometheusExposition exposition, String sample, Map<String, String> labels) {
        List<Sample> found = exposition.samples(sample, labels).stream().filter(s -> s.labels().equals(labels)).toList();
        assertThat(found).as(sample + labels).hasSize(1);
        return found.get(0).value();
    }

    /** The families whose names start with {@code prefix}, and their types. */
    private static Map<String, String> types(PrometheusExposition exposition, String prefix) {
        return exposition.families().values().stream().filter(f -> f.name().startsWith(prefix))
                .collect(Collectors.toMap(Family::name, Family::type));
    }

    private static Set<String> series(Family family) {
        return family.samples().stream().map(s -> s.name() + s.labels()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, String> camelRoute(String routeId) {
        return Map.of("camel_context", "git-collector", "event_type", "route", "kind", "CamelRoute", "route_id", routeId);
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> all = new TreeMap<>(labels);
        all.put(name, value);
        return all;
    }
}
