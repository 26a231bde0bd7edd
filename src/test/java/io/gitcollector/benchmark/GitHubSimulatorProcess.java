package io.gitcollector.benchmark;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import ch.qos.logback.classic.Level;
import io.gitcollector.embedded.EmbeddedKafkaBroker;
import io.gitcollector.simulator.GitHubSimulator;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.GitHubExpectations;
import org.slf4j.LoggerFactory;

/**
 * The benchmark's child JVM: the simulated GitHub and, unless the benchmark was given a broker, the Kafka broker,
 * so that neither counts in the collector's heap. Driven by one command a line on stdin, each answered by one
 * line starting with {@value #REPLY}; it exits when stdin closes (the benchmark ended or died).
 *
 * <pre>
 * seed NAME COMMITS PULLS REVIEWS_EACH ISSUES → url, expected event count, seeding time
 * usage NAME                             → GraphQL points and requests the simulator charged to that repository
 * drop NAME                              → the repository is forgotten, its memory freed
 * </pre>
 *
 * Arguments: data directory, token, and {@code kafka} to start a broker.
 */
public final class GitHubSimulatorProcess {

    static final String REPLY = "SIMULATOR ";
    static final String OWNER = "bench";
    /** Contributors, teams and workflow runs: fixed, small; the sizes vary commits, pull requests, reviews, issues. */
    static final int CONTRIBUTORS = 20;
    static final int TEAMS = 2;
    static final int RUNS = 20;

    public static void main(String[] args) throws Exception {
        // Without a logback file Kafka would log at DEBUG into the reply stream.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        Path dataDir = Path.of(args[0]);
        String token = args[1];
        boolean withKafka = args.length > 2 && args[2].equals("kafka");

        GitHubSimulator github = GitHubSimulator.start(0);
        github.requireToken(token);
        // Quotas no benchmark size spends: the run measures the collector, not rate-limit waits.
        github.setQuota(token, 100_000_000, 100_000_000, Duration.ofHours(1));
        github.setGraphQLQuota(token, 100_000_000, 100_000_000, Duration.ofHours(1));
        EmbeddedKafkaBroker kafka = withKafka ? EmbeddedKafkaBroker.start(dataDir, 0) : null;
        reply("ready " + github.apiUrl() + " " + (kafka == null ? "-" : kafka.bootstrapServers()));

        Map<String, SimulatedRepository> seeded = new HashMap<>();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            for (String line; (line = commands.readLine()) != null; ) {
                String[] words = line.trim().split("\\s+");
                try {
                    switch (words[0]) {
                        case "seed" -> {
                            long started = System.nanoTime();
                            SimulatedRepository repo = github.createRepository(OWNER, words[1]).seedEvenly(
                                    Integer.parseInt(words[2]), Integer.parseInt(words[3]), Integer.parseInt(words[4]))
                                    .seedEverything(Integer.parseInt(words[5]), 0, 0, CONTRIBUTORS, TEAMS, RUNS);
                            double seconds = (System.nanoTime() - started) / 1e9;
                            int expected = GitHubExpectations.fullSync(repo).list().size();
                            seeded.put(words[1], repo);
                            System.gc();
                            Runtime heap = Runtime.getRuntime();
                            reply("seeded " + repo.url() + " " + expected + " " + String.format("%.2f", seconds) + " "
                                    + ((heap.totalMemory() - heap.freeMemory()) >> 20));
                        }
                        case "usage" -> {
                            SimulatedRepository repo = seeded.get(words[1]);
                            reply("usage " + github.graphQLUsage().points(repo) + " " + github.graphQLUsage().requests(repo));
                        }
                        case "drop" -> {
                            github.removeRepository(seeded.remove(words[1]));
                            reply("dropped");
                        }
                        default -> reply("error unknown command " + words[0]);
                    }
                } catch (RuntimeException e) {
                    reply("error " + e);
                }
            }
        } finally {
            github.close();
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    private static void reply(String text) {
        System.out.println(REPLY + text);
        System.out.flush();
    }
}
