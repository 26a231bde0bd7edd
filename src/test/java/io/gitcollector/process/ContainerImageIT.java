package io.gitcollector.process;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.support.Dockerfile;
import io.gitcollector.support.Dockerfile.Copy;
import io.gitcollector.support.Dockerfile.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The image's file system and start-up, without a Docker engine: the Dockerfile's own extract command is
 * run on the packaged jar, its work dir is put together from what the runtime stage copies, and the
 * service is started there with the ENTRYPOINT as written (embedded Kafka and Redis standing in for
 * compose's), then stopped with the SIGTERM `docker stop` sends.
 */
class ContainerImageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @TempDir
    static Path work;

    private static Dockerfile dockerfile;
    private static Stage build;
    private static Stage runtime;
    /** Where the build stage's extract writes inside the image, and where it wrote here. */
    private static String extractDestination;
    private static Path layers;
    /** The image's work dir, as the runtime stage's COPY instructions fill it. */
    private static Path workDir;

    @BeforeAll
    static void extractTheJarAndAssembleTheWorkDirAsTheDockerfileDoes() throws Exception {
        dockerfile = Dockerfile.read(ROOT.resolve("Dockerfile"));
        build = dockerfile.stages().get(0);
        runtime = dockerfile.finalStage();

        List<String> extract = new ArrayList<>(build.runCommandContaining("-Djarmode=tools"));
        int destination = extract.indexOf("--destination") + 1;
        extractDestination = extract.get(destination);
        layers = work.resolve("layers");
        extract.set(destination, layers.toString());
        assertThat(extract.get(0)).isEqualTo("java");
        extract.set(0, ServiceProcess.javaBinary());
        Path jar = ROOT.resolve(extract.get(extract.indexOf("-jar") + 1));
        assertThat(jar).as("integration tests run after `package`").exists();
        // The build stage runs it in its work dir, where the Maven build left target/.
        Process process = new ProcessBuilder(extract).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("extract.log").toFile()).start();
        await().atMost(Duration.ofSeconds(120)).until(() -> !process.isAlive());
        assertThat(process.exitValue()).as("exit code of " + extract + "; see " + work.resolve("extract.log")).isZero();

        workDir = work.resolve("app");
        Files.createDirectories(workDir);
        for (Copy copy : runtime.copies()) {
            Path target = inWorkDir(runtime.resolve(copy.destination()));
            for (String source : copy.sources()) {
                Path from = copy.from() == null ? ROOT.resolve(source) : fromBuildStage(copy, source);
                copyAsDockerDoes(from, target, copy.destination().endsWith("/"));
            }
        }
    }

    @Test
    void theExtractCommandMakesEveryLayerTheRuntimeStageCopiesAndNoOther() throws IOException {
        Set<String> copied = new TreeSet<>();
        runtime.copies().stream().filter(c -> c.from() != null)
                .forEach(c -> c.sources().forEach(s -> copied.add(Path.of(s).getFileName().toString())));
        Set<String> made;
        try (Stream<Path> dirs = Files.list(layers)) {
            made = new TreeSet<>(dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).toList());
        }

        assertThat(made).containsExactlyInAnyOrder("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
        assertThat(copied).isEqualTo(made);
        assertThat(layers.resolve("spring-boot-loader").resolve(runtime.mainClass().replace('.', '/') + ".class"))
                .as("the ENTRYPOINT's main class in the loader layer").isRegularFile();
        assertThat(layers.resolve("application/BOOT-INF/classes/io/gitcollector/GitCollectorApplication.class")).isRegularFile();
        try (Stream<Path> jars = Files.list(layers.resolve("dependencies/BOOT-INF/lib"))) {
            assertThat(jars.map(j -> j.getFileName().toString())).anyMatch(j -> j.startsWith("camel-core-engine-"));
        }
    }

    @Test
    void theEntrypointStartsTheServiceInTheWorkDirAndSigtermStopsItWithWhatItStarted() throws Exception {
        assertThat(workDir.resolve("application.yaml")).isRegularFile();
        assertThat(workDir.resolve("routes/github.yaml")).isRegularFile();
        int port = ServiceProcess.freePort();
        String extraArgument = "--collector.kafka.embedded-port=0";
        List<String> command = new ArrayList<>(runtime.entrypoint());
        command.add(extraArgument); // as `docker run IMAGE --key=value` appends it
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> env = builder.environment();
        env.remove("KAFKA_BROKERS");
        env.remove("REDIS_URL");
        env.putAll(runtime.env());
        env.put("PATH", Path.of(ServiceProcess.javaBinary()).getParent() + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("JAVA_OPTS", "-Xmx384m -Dgit.collector.started.by=ContainerImageIT");
        env.put("SERVER_PORT", String.valueOf(port));
        Path dataDir = Files.createDirectories(work.resolve("data"));
        env.put("DATA_DIR", dataDir.toString());
        env.put("AUTH_ENABLED", "false");
        Path log = ROOT.resolve("target/container-image-service.log");
        Files.deleteIfExists(log);

        try (ServiceProcess service = ServiceProcess.start(builder, port, log)) {
            var health = service.get(healthcheckPath());
            assertThat(health.statusCode()).as("the HEALTHCHECK's URL").isEqualTo(200);
            assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("healthy");
            assertThat(JSON.readTree(health.body()).path("embedded").asBoolean()).as("no KAFKA_BROKERS, no REDIS_URL").isTrue();

            ProcessHandle.Info jvm = service.handle().info();
            assertThat(jvm.command()).as("exec: the process started is the JVM, not a shell").hasValueSatisfying(c -> assertThat(c).endsWith("/java"));
            List<String> arguments = List.of(jvm.arguments().orElseThrow());
            assertThat(arguments).containsSubsequence("-XX:MaxRAMPercentage=75", "-Xmx384m", "-Dgit.collector.started.by=ContainerImageIT",
                    runtime.mainClass(), extraArgument);
            List<ProcessHandle> started = service.handle().descendants().toList();

            service.terminate(Duration.ofSeconds(60));

            assertThatThrownBy(() -> service.get("/health")).isInstanceOf(ConnectException.class);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(started).as("processes the service started (redis-server) end with it").noneMatch(ProcessHandle::isAlive));
        }
        assertThat(Files.readString(log)).as("settings from the environment reached the service")
                .containsPattern("started an embedded KRaft broker at \\S+ \\(data in " + Pattern.quote(dataDir.toString()))
                .containsPattern("started an embedded redis-server at \\S+ \\(data in " + Pattern.quote(dataDir.toString()));
    }

    /** The path the HEALTHCHECK asks for. */
    private static String healthcheckPath() {
        Matcher url = Pattern.compile("https?://[^/\\s]+(/[^\\s\"']*)").matcher(String.join(" ", runtime.healthcheck()));
        assertThat(url.find()).isTrue();
        return url.group(1);
    }

    /** A path of the image's file system under the work dir, here. */
    private static Path inWorkDir(String imagePath) {
        String dir = runtime.workdir();
        assertThat(imagePath.equals(dir) || imagePath.startsWith(dir + "/")).as(imagePath + " is under the work dir " + dir).isTrue();
        return workDir.resolve(imagePath.substring(dir.length()).replaceFirst("^/", ""));
    }

    private static Path fromBuildStage(Copy copy, String source) {
        assertThat(copy.from()).isEqualTo(build.name());
        assertThat(source).as("copied from the extract's destination").startsWith(extractDestination + "/");
        return layers.resolve(source.substring(extractDestination.length() + 1));
    }

    /** COPY's rule: a folder's contents go into the target folder; a file becomes the target (or goes into it, written with a slash). */
    private static void copyAsDockerDoes(Path from, Path target, boolean targetIsFolder) throws IOException {
        assertThat(from).exists();
        if (!Files.isDirectory(from)) {
            Path file = targetIsFolder ? target.resolve(from.getFileName()) : target;
            Files.createDirectories(file.getParent());
            Files.copy(from, file);
            return;
        }
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path p : tree.toList()) {
                Path to = target.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    // No REPLACE_EXISTING: two layers holding the same file would be a broken layering.
                    Files.copy(p, to);
                }
            }
        }
    }
}
