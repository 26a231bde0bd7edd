package io.gitcollector.process;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The packaged service (target/git-collector.jar) run as its own process, as a user runs it, so a
 * test can kill it the hard way (SIGKILL: no shutdown hook, no finally) and start it again.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;

    /** The key the started service accepts (operator role). */
    public static final String OPERATOR_KEY = "process-test-key-0123456789abcdef";

    private ServiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the jar with these {@code --key=value} settings and waits (bounded) until /health answers 200. */
    public static ServiceProcess start(Map<String, String> settings, Path log) throws IOException {
        return start(settings, Map.of(), log);
    }

    /** As above, with these environment variables too (how a container is configured). */
    public static ServiceProcess start(Map<String, String> settings, Map<String, String> environment, Path log) throws IOException {
        Path jar = Path.of("target/git-collector.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no " + jar + ": integration tests run after `package`");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx384m", "-jar", jar.toString(), "--server.port=" + port));
        settings.forEach((k, v) -> command.add("--" + k + "=" + v));
        ProcessBuilder builder = new ProcessBuilder(command);
        // Kafka and Redis are external here, so the API asks for a key: given as a container would, in the environment.
        builder.environment().put("API_KEYS", "process-test:operator:" + OPERATOR_KEY);
        builder.environment().putAll(environment);
        return start(builder, port, log);
    }

    /**
     * Starts the service with a command of the caller's (its working dir and environment set on the builder)
     * that makes it listen on this port, and waits (bounded) until /health answers 200; kills it if it does not.
     */
    public static ServiceProcess start(ProcessBuilder command, int port, Path log) throws IOException {
        Process process = command.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServiceProcess service = new ServiceProcess(process, port);
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
                }
                return service.healthy();
            });
        } catch (RuntimeException | Error e) {
            try {
                service.close();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
        return service;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
                .header("X-API-Key", OPERATOR_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).header("X-API-Key", OPERATOR_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The process started (the JVM itself when the command exec'd it). */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** SIGTERM, as {@code docker stop} sends, and wait (bounded) until the process is gone. */
    public void terminate(Duration within) {
        process.destroy();
        await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> !process.isAlive());
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGKILL to the process and whatever it started that is still running (an embedded redis-server). */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.toHandle().descendants().toList();
        if (process.isAlive()) {
            kill();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private boolean healthy() {
        try {
            return get("/health").statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", File.separatorChar == '/' ? "java" : "java.exe").toString();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
