package io.gitcollector.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's side of {@link GitHubSimulatorProcess}: starts it in its own JVM with its own heap, sends it
 * commands and waits (bounded) for their answers. The child's other output goes to a log file, read
 * continuously so that a chatty child never blocks on a full pipe.
 */
final class GitHubSimulatorControl implements AutoCloseable {

    /** What {@code seed} answered. */
    record Seeded(String url, int expectedEvents, double seconds, long heapMb) {
    }

    private static final Duration STARTUP = Duration.ofMinutes(2);

    private final Process process;
    private final PrintWriter commands;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Path log;
    private final String apiUrl;
    private final String kafkaBrokers;

    private GitHubSimulatorControl(Process process, Path log) throws IOException {
        this.process = process;
        this.log = log;
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Writer logFile = Files.newBufferedWriter(log);
        Thread reader = new Thread(() -> pump(process, logFile), "simulator-output");
        reader.setDaemon(true);
        reader.start();
        String[] ready = await("ready", STARTUP);
        this.apiUrl = ready[1];
        this.kafkaBrokers = ready[2].equals("-") ? null : ready[2];
    }

    /** Starts the child with {@code -Xmx<heap>} on this JVM's classpath; {@code withKafka}: it starts a broker too. */
    static GitHubSimulatorControl start(String heap, Path dataDir, String token, boolean withKafka) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                // The heap is mostly one large seed that lives until the next size: the parallel collector copies it
                // in a fraction of G1's time (100,000 commits seed in under 5 s instead of 20 on two cores).
                "-XX:+UseParallelGC",
                "-cp", System.getProperty("java.class.path"),
                GitHubSimulatorProcess.class.getName(),
                dataDir.toString(), token));
        if (withKafka) {
            command.add("kafka");
        }
        Path log = dataDir.resolve("simulator.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new GitHubSimulatorControl(process, log);
    }

    String apiUrl() {
        return apiUrl;
    }

    /** The child's broker, or null when it runs none. */
    String kafkaBrokers() {
        return kafkaBrokers;
    }

    Seeded seed(String name, int commits, int pulls, int reviewsEach, int issues, Duration timeout) {
        String[] answer = ask("seed " + name + " " + commits + " " + pulls + " " + reviewsEach + " " + issues, "seeded", timeout);
        return new Seeded(answer[1], Integer.parseInt(answer[2]), Double.parseDouble(answer[3]), Long.parseLong(answer[4]));
    }

    /** GraphQL points and requests the simulator charged to the repository: {points, requests}. */
    long[] usage(String name) {
        String[] answer = ask("usage " + name, "usage", Duration.ofSeconds(30));
        return new long[] {Long.parseLong(answer[1]), Long.parseLong(answer[2])};
    }

    void drop(String name) {
        ask("drop " + name, "dropped", Duration.ofSeconds(30));
    }

    /** CPU time the child has used so far (simulator and, when it runs one, the broker). */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private String[] ask(String command, String expected, Duration timeout) {
        commands.println(command);
        return await(expected, timeout);
    }

    private String[] await(String expected, Duration timeout) {
        String line;
        try {
            line = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the simulator", e);
        }
        if (line == null) {
            throw new IllegalStateException("the simulator did not answer within " + timeout + " (alive: "
                    + process.isAlive() + "); see " + log);
        }
        String[] words = line.split(" ");
        if (!words[0].equals(expected)) {
            throw new IllegalStateException("the simulator answered '" + line + "' instead of " + expected + "; see " + log);
        }
        return words;
    }

    private void pump(Process child, Writer logFile) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
             logFile) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(GitHubSimulatorProcess.REPLY)) {
                    replies.add(line.substring(GitHubSimulatorProcess.REPLY.length()));
                } else {
                    logFile.write(line);
                    logFile.write('\n');
                    logFile.flush();
                }
            }
        } catch (IOException e) {
            // the child is gone; a pending ask times out and names the log
        }
        try {
            replies.add("exited " + child.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        commands.close();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
