package io.gitcollector.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.GitCollectorApplication;
import io.gitcollector.config.CollectorProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Full syncs of large simulated GitHub repositories through the real service, GraphQL on: events landed on the
 * topics (checked against what the repository holds), wall time, events per second, API calls, GraphQL points
 * against the minimum, the collector's peak heap, and a plain KafkaProducer's rate for as many records of the same
 * size. The collector runs in this JVM (its heap is this JVM's -Xmx); the simulated GitHub and the Kafka broker in
 * a child JVM ({@link GitHubSimulatorProcess}), so that their memory is not counted. Every figure is printed on a
 * line starting with {@code BENCHMARK}. README, "Benchmark", gives the command and its options.
 */
public final class SyncBenchmark {

    private static final String TOKEN = "ghp_benchmarkTokenForTheSimulatedGitHub01";
    private static final String API_KEY = "benchmark-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(100);

    /** The bench.* system properties. */
    record Options(List<Integer> commits, int warmupCommits, int reviewsEach, String kafka, String simulatorHeap,
                   Duration timeout, String logLevel) {

        static Options fromSystemProperties() {
            List<Integer> sizes = Arrays.stream(property("bench.commits", "100000").split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
            if (sizes.isEmpty() || sizes.stream().anyMatch(c -> c < 100)) {
                throw new IllegalArgumentException("bench.commits: a comma list of commit counts, each at least 100");
            }
            String kafka = property("bench.kafka", "").trim();
            return new Options(sizes, Integer.parseInt(property("bench.warmup-commits", "2000")),
                    Integer.parseInt(property("bench.reviews", "3")), kafka.isEmpty() ? null : kafka,
                    property("bench.simulator-heap", "3g"),
                    Duration.ofMinutes(Long.parseLong(property("bench.timeout-minutes", "60"))),
                    property("bench.log-level", "WARN"));
        }

        /** A blank value (an unset Maven property passed on) counts as unset. */
        private static String property(String name, String fallback) {
            String value = System.getProperty(name);
            return value == null || value.isBlank() || value.startsWith("${") ? fallback : value;
        }
    }

    /** One repository size: its counts follow the commits (a pull request per 5 commits, an issue per 20). */
    record Size(int commits, int pulls, int reviewsEach, int issues) {
        static Size of(int commits, int reviewsEach) {
            return new Size(commits, commits / 5, reviewsEach, commits / 20);
        }

        String name() {
            return "commits-" + commits;
        }

        /** GitHub's floor for this repository: one point per page of 100 commits, one per 100 pull requests. */
        long minimumPoints() {
            return ceilDiv(commits, 100) + ceilDiv(pulls, 100);
        }

        @Override
        public String toString() {
            return String.format("%,d commits, %,d pull requests x %d reviews, %,d issues", commits, pulls, reviewsEach, issues);
        }
    }

    /** What one size measured. */
    record Result(Size size, String status, long events, long expected, long statusPublished, double seconds,
                  long apiCalls, long points, long simulatorPoints, long peakHeapMb, long peakOldGenMb, long heapBeforeMb,
                  long peakLiveHeapMb, double averageValueBytes, double rawPerSecond, double collectorCpuSeconds, double childCpuSeconds) {

        boolean ok() {
            return status.equals("completed") && events == expected;
        }

        double eventsPerSecond() {
            return events / seconds;
        }
    }

    private final Options options;
    private final GitHubSimulatorControl github;
    private final ConfigurableApplicationContext app;
    private final String brokers;
    private final CollectorProperties properties;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    private SyncBenchmark(Options options, GitHubSimulatorControl github, ConfigurableApplicationContext app, String brokers) {
        this.options = options;
        this.github = github;
        this.app = app;
        this.brokers = brokers;
        this.properties = app.getBean(CollectorProperties.class);
        this.baseUrl = "http://127.0.0.1:" + ((ServletWebServerApplicationContext) app).getWebServer().getPort();
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.fromSystemProperties();
        // Before Spring configures logging from application.yaml, the Kafka clients would log at DEBUG.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(Level.toLevel(options.logLevel()));
        Path dataDir = Files.createTempDirectory("git-collector-benchmark");
        int exit = 1;
        try (GitHubSimulatorControl github = GitHubSimulatorControl.start(options.simulatorHeap(), dataDir, TOKEN,
                options.kafka() == null)) {
            String brokers = options.kafka() != null ? options.kafka() : github.kafkaBrokers();
            try (ConfigurableApplicationContext app = startCollector(options, dataDir, github.apiUrl(), brokers)) {
                exit = new SyncBenchmark(options, github, app, brokers).run() ? 0 : 1;
            }
        } catch (Exception | Error e) {
            System.out.println("BENCHMARK failed: " + e);
            e.printStackTrace();
        } finally {
            deleteRecursively(dataDir);
        }
        // The Kafka and Redis clients leave threads behind.
        System.exit(exit);
    }

    /** The service as `./mvnw spring-boot:run` starts it, on free ports and a temporary data directory. */
    private static ConfigurableApplicationContext startCollector(Options options, Path dataDir, String githubApi,
            String brokers) {
        return SpringApplication.run(GitCollectorApplication.class,
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--collector.data-dir=" + dataDir.resolve("collector"),
                "--collector.kafka.brokers=" + brokers,
                // Redis: the embedded redis-server (REDIS_URL unset), a process of its own.
                "--collector.redis.url=",
                "--collector.platforms.github.api-url=" + githubApi,
                "--collector.platforms.github.token=" + TOKEN,
                "--collector.platforms.github.options.graphql=true",
                // Kafka is not embedded in this JVM, so the API asks for a key.
                "--collector.security.keys=benchmark:operator:" + API_KEY,
                "--camel.main.routes-reload-enabled=false",
                "--logging.level.root=" + options.logLevel(),
                "--logging.structured.format.console=");
    }

    private boolean run() throws Exception {
        CamelContext camel = app.getBean(CamelContext.class);
        Properties producer = camel.getComponent("kafka", KafkaComponent.class).getConfiguration().createProducerProperties();
        long maxHeapMb = Runtime.getRuntime().maxMemory() >> 20;
        System.out.printf("BENCHMARK setup: collector in this JVM, max heap %d MB; simulated GitHub in a child JVM (-Xmx%s)"
                        + "; Kafka %s; Redis embedded (redis-server process); GraphQL on; jobs.concurrency %d%n",
                maxHeapMb, options.simulatorHeap(), options.kafka() == null ? "broker in the child JVM at " + brokers
                        : "at " + brokers, properties.getJobs().getConcurrency());
        System.out.printf("BENCHMARK setup: producer acks=%s enable.idempotence=%s linger.ms=%s batch.size=%s "
                        + "compression.type=%s max.in.flight.requests.per.connection=%s; topics with %d partitions%n",
                producer.get(ProducerConfig.ACKS_CONFIG), producer.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG),
                producer.get(ProducerConfig.LINGER_MS_CONFIG), producer.get(ProducerConfig.BATCH_SIZE_CONFIG),
                producer.get(ProducerConfig.COMPRESSION_TYPE_CONFIG),
                producer.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), properties.getKafka().getPartitions());

        Size warmup = Size.of(options.warmupCommits(), options.reviewsEach());
        Result warm = measure(warmup, "warm-up", producer, false);
        System.out.printf("BENCHMARK warm-up (not counted): %s: %s, %,d events in %.1f s%n",
                warmup, warm.status(), warm.events(), warm.seconds());

        List<Result> results = new ArrayList<>();
        for (int commits : options.commits()) {
            Result result = measure(Size.of(commits, options.reviewsEach()), null, producer, true);
            results.add(result);
            if (!result.status().equals("completed")) {
                break;
            }
        }
        summary(results);
        return results.stream().allMatch(Result::ok) && results.size() == options.commits().size();
    }

    /** Seeds one repository, syncs it in full and measures; {@code name} null: the size's own. */
    private Result measure(Size size, String name, Properties producer, boolean print) throws Exception {
        String repository = name == null ? size.name() : name;
        GitHubSimulatorControl.Seeded seeded = github.seed(repository, size.commits(), size.pulls(), size.reviewsEach(),
                size.issues(), Duration.ofMinutes(10));
        if (print) {
            System.out.printf("BENCHMARK %s: seeded in %.1f s (simulator heap after GC %d MB), %,d events expected%n",
                    size, seeded.seconds(), seeded.heapMb(), seeded.expectedEvents());
        }
        List<String> topics = Stream.concat(properties.getKafka().getTopics().stream(),
                Stream.of(properties.getKafka().getDeadLetterTopic())).toList();
        Map<TopicPartition, Long> before = TopicTally.endOffsets(brokers, topics);

        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        long heapBefore = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        double collectorCpu = processCpuSeconds();
        double childCpu = github.cpu().toMillis() / 1e3;
        jdk.jfr.Recording recording = print ? profile() : null;
        LiveHeap live = new LiveHeap();
        long started = System.nanoTime();

        String id = trigger(seeded.url());
        JsonNode status = awaitFinished(id);
        live.close();

        double seconds = (System.nanoTime() - started) / 1e9;
        if (recording != null) {
            Path file = Path.of(System.getProperty("bench.jfr")).resolve(repository + ".jfr");
            recording.dump(file);
            recording.close();
            System.out.printf("BENCHMARK %s: the collector's flight recording is in %s%n", size, file);
        }
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        // The young pools' peaks say when the collector ran, the old pool's what survived: what grows with the size.
        long peakOld = heap.stream().filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured"))
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        collectorCpu = processCpuSeconds() - collectorCpu;
        childCpu = github.cpu().toMillis() / 1e3 - childCpu;

        TopicTally.Tally tally = TopicTally.count(brokers, before, id, Duration.ofMinutes(5));
        long[] usage = github.usage(repository);
        JsonNode progress = status.path("progress");
        long published = 0;
        for (JsonNode resource : progress.path("resources")) {
            published += resource.path("published").asLong();
        }
        double rawRate = 0;
        // In the warm-up too: the plain producer is measured warm, as the collector is.
        if (tally.records() > 0) {
            RawProducerRate.Result raw = RawProducerRate.measure(producer, brokers, properties.getKafka().getPartitions(),
                    properties.getKafka().getReplicationFactor(), "benchmark.raw-producer." + repository + "." + System.nanoTime(),
                    tally.records(), (int) Math.round(tally.averageValueBytes()), tally.sampleValue(), tally.sampleHeaders(), id);
            rawRate = raw.perSecond();
        }
        github.drop(repository);

        Result result = new Result(size, status.path("status").asText(), tally.records(), seeded.expectedEvents(), published,
                seconds, progress.path("api_calls").asLong(), progress.path("query_points").asLong(), usage[0],
                peak >> 20, peakOld >> 20, heapBefore >> 20, live.peakBytes() >> 20, tally.averageValueBytes(), rawRate, collectorCpu, childCpu);
        if (print) {
            report(result, status, tally);
        }
        return result;
    }

    private void report(Result r, JsonNode status, TopicTally.Tally tally) {
        String label = String.format("BENCHMARK %,d commits:", r.size().commits());
        if (!r.status().equals("completed")) {
            System.out.printf("%s run %s: %s%n", label, r.status(), status);
        }
        System.out.printf("%s events on the topics %,d, expected %,d, status published %,d: %s %s%n", label, r.events(),
                r.expected(), r.statusPublished(), r.events() == r.expected() ? "OK" : "MISMATCH", tally.perTopic());
        System.out.printf("%s wall %.1f s, %.0f events/s, %.2f ms per event%n", label, r.seconds(), r.eventsPerSecond(),
                1000 * r.seconds() / Math.max(1, r.events()));
        System.out.printf("%s API calls %,d, GraphQL points %,d (simulator counted %,d), minimum %,d, points/minimum %.2f%n",
                label, r.apiCalls(), r.points(), r.simulatorPoints(), r.size().minimumPoints(),
                (double) r.points() / r.size().minimumPoints());
        System.out.printf("%s peak heap %,d MB (sum of the heap pools' peaks; old generation's peak %,d MB; after GC before"
                + " the run %,d MB); peak live heap %,d MB (the most in use right after a collection)%n", label,
                r.peakHeapMb(), r.peakOldGenMb(), r.heapBeforeMb(), r.peakLiveHeapMb());
        System.out.printf("%s raw producer %,.0f records/s (%,d records of %.0f bytes); collector/raw %.3f%n", label,
                r.rawPerSecond(), r.events(), r.averageValueBytes(), r.eventsPerSecond() / r.rawPerSecond());
        System.out.printf("%s CPU collector JVM %.1f s, child JVM (simulator%s) %.1f s, over %.1f s wall on %d cores%n",
                label, r.collectorCpuSeconds(), options.kafka() == null ? " and broker" : "", r.childCpuSeconds(),
                r.seconds(), Runtime.getRuntime().availableProcessors());
    }

    private void summary(List<Result> results) {
        System.out.println("BENCHMARK summary:");
        System.out.printf("BENCHMARK %9s %9s %9s %8s %8s %8s %9s %8s %8s %7s %8s %8s %8s %8s %9s %8s %s%n", "commits", "events",
                "expected", "wall_s", "ev/s", "ms/ev", "ms/ev_rel", "api", "points", "min", "pts/min", "heap_MB",
                "old_MB", "live_MB", "raw_rec/s", "coll/raw", "check");
        double firstMsPerEvent = results.isEmpty() ? 0 : msPerEvent(results.get(0));
        for (Result r : results) {
            System.out.printf("BENCHMARK %9d %9d %9d %8.1f %8.0f %8.2f %9.2f %8d %8d %7d %8.2f %8d %8d %8d %9.0f %8.3f %s%n",
                    r.size().commits(), r.events(), r.expected(), r.seconds(), r.eventsPerSecond(), msPerEvent(r),
                    msPerEvent(r) / firstMsPerEvent, r.apiCalls(), r.points(), r.size().minimumPoints(),
                    (double) r.points() / r.size().minimumPoints(), r.peakHeapMb(), r.peakOldGenMb(), r.peakLiveHeapMb(), r.rawPerSecond(),
                    r.eventsPerSecond() / r.rawPerSecond(), r.ok() ? "OK" : r.status().equals("completed") ? "MISMATCH" : r.status());
        }
    }

    private static double msPerEvent(Result r) {
        return 1000 * r.seconds() / Math.max(1, r.events());
    }

    private String trigger(String repositoryUrl) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request("/api/v1/collect/trigger")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"repository_url\":\"" + repositoryUrl + "\",\"full_sync\":true}"))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 202) {
            throw new IllegalStateException("trigger answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).path("repository_id").asText();
    }

    /** Polls the status until the run completed or failed, for at most bench.timeout-minutes. */
    private JsonNode awaitFinished(String id) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (true) {
            HttpResponse<String> response = http.send(request("/api/v1/collect/status/" + id).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode status = JSON.readTree(response.body());
            String state = status.path("status").asText();
            if (state.equals("completed") || state.equals("failed")) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) status).put("status", "timed out");
                return status;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("X-API-Key", API_KEY).timeout(Duration.ofSeconds(30));
    }

    /** With -Dbench.jfr=DIR, a flight recording (Java's "profile" settings) of the collector during each measured sync. */
    private static jdk.jfr.Recording profile() throws Exception {
        String dir = System.getProperty("bench.jfr", "");
        if (dir.isBlank()) {
            return null;
        }
        java.nio.file.Files.createDirectories(Path.of(dir));
        jdk.jfr.Recording recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        recording.start();
        return recording;
    }

    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.out.println("BENCHMARK could not delete " + dir + ": " + e);
        }
    }
}
