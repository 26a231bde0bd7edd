package io.gitcollector.unit;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import io.gitcollector.support.DockerIgnore;
import io.gitcollector.support.Dockerfile;
import io.gitcollector.support.Dockerfile.Copy;
import io.gitcollector.support.Dockerfile.Stage;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container files (Dockerfile, .dockerignore, docker-compose.yml, .env.example) checked against the
 * repository, application.yaml, the pom and each other, with no Docker engine: what `docker build` would
 * copy exists, what the image starts is what the build produces, and what compose wires together listens
 * where the others look for it. ContainerImageIT runs the image's extract and start commands for real.
 */
class ContainerFilesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final String LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";
    /** Spring Boot's default layers, in the order an image copies them: the least often changed first. */
    private static final List<String> LAYERS = List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
    /** An environment variable read in application.yaml: {@code ${NAME}} or {@code ${NAME:default}}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

    private final Dockerfile dockerfile = Dockerfile.read(ROOT.resolve("Dockerfile"));
    private final Stage build = dockerfile.stages().get(0);
    private final Stage runtime = dockerfile.finalStage();

    // ---- Dockerfile

    @Test
    void theImageIsBuiltWithTheMavenWrapperOnAJdkAndRunsOnAJre() {
        assertThat(dockerfile.stages()).hasSize(2);
        assertThat(build.name()).as("the build stage is named, so the runtime stage can copy from it").isNotBlank();
        assertThat(build.image()).contains("-jdk");
        assertThat(runtime.image()).contains("-jre");
        assertThat(build.runCommandContaining(" package")).startsWith("./mvnw");
        assertThat(runtime.runs()).noneMatch(run -> run.contains("mvnw"));
    }

    @Test
    void everyPathTheImageCopiesFromTheRepositoryExistsAndIsNotLeftOutByDockerignore() throws IOException {
        DockerIgnore ignore = DockerIgnore.of(ROOT);
        List<String> sources = new ArrayList<>();
        for (Stage stage : dockerfile.stages()) {
            stage.copies().stream().filter(c -> c.from() == null).forEach(c -> sources.addAll(c.sources()));
        }
        assertThat(build.copies().stream().filter(c -> c.from() == null).flatMap(c -> c.sources().stream()))
                .as("what ./mvnw package reads").contains("mvnw", ".mvn", "pom.xml", "src");
        assertThat(sources).contains("application.yaml", "routes");

        for (String source : sources) {
            Path path = ROOT.resolve(source);
            assertThat(path).as(source).exists();
            assertThat(ignore.excludes(source)).as(source + " left out of the build context by .dockerignore").isFalse();
            try (Stream<Path> files = Files.walk(path)) {
                assertThat(files.filter(Files::isRegularFile).map(f -> ROOT.relativize(f).toString()).filter(ignore::excludes))
                        .as("files under " + source + " left out by .dockerignore").isEmpty();
            }
        }
        assertThat(ROOT.resolve("mvnw")).isExecutable();
    }

    @Test
    void dockerignoreKeepsBuildOutputLocalDataGitHistoryAndSecretsOutOfTheBuildContext() {
        DockerIgnore ignore = DockerIgnore.of(ROOT);

        assertThat(List.of("target", "target/git-collector.jar", "data", "data/kafka/meta.properties", ".git", ".git/HEAD", ".env"))
                .allMatch(ignore::excludes);
        assertThat(List.of(".env.example", "pom.xml", "src/main/java/io/gitcollector/GitCollectorApplication.java", "routes/github.yaml"))
                .noneMatch(ignore::excludes);
    }

    @Test
    void theImageExtractsTheLayersOfTheJarThePomBuilds() throws Exception {
        List<String> extract = build.runCommandContaining("-Djarmode=tools");
        String finalName = ((Element) DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile())
                .getElementsByTagName("finalName").item(0)).getTextContent().strip();

        assertThat(finalName).isEqualTo("git-collector");
        assertThat(extract).containsSubsequence("java", "-Djarmode=tools", "-jar", "target/" + finalName + ".jar", "extract");
        assertThat(extract).contains("--layers", "--launcher", "--destination");
    }

    @Test
    void theRuntimeStageCopiesEveryLayerFromTheExtractDestinationIntoTheWorkDirInSpringBootsOrder() {
        List<String> extract = build.runCommandContaining("-Djarmode=tools");
        String destination = extract.get(extract.indexOf("--destination") + 1);
        List<Copy> fromBuild = runtime.copies().stream().filter(c -> c.from() != null).toList();

        assertThat(fromBuild).allSatisfy(c -> {
            assertThat(c.from()).isEqualTo(build.name());
            assertThat(c.sources()).hasSize(1);
            assertThat(runtime.resolve(c.destination())).isEqualTo(runtime.workdir());
        });
        assertThat(fromBuild.stream().map(c -> c.sources().get(0)))
                .containsExactlyElementsOf(LAYERS.stream().map(layer -> destination + "/" + layer + "/").toList());
    }

    @Test
    void theEntrypointStartsSpringBootsJarLauncherFromTheWorkDirWhereTheLayersAre() {
        List<String> java = runtime.javaCommand();

        assertThat(java.get(0)).isEqualTo("java");
        assertThat(java).doesNotContain("-jar", "-cp", "-classpath", "--class-path");
        assertThat(runtime.mainClass()).isEqualTo(LAUNCHER);
    }

    @Test
    void theEntrypointSizesTheHeapFromTheContainerMemoryAndLetsJavaOptsOverrideIt() {
        List<String> java = runtime.javaCommand();
        int maxRam = java.indexOf(java.stream().filter(w -> w.matches("-XX:MaxRAMPercentage=\\d+(\\.\\d+)?")).findFirst()
                .orElseThrow(() -> new AssertionError("no -XX:MaxRAMPercentage in " + java)));
        double percent = Double.parseDouble(java.get(maxRam).substring(java.get(maxRam).indexOf('=') + 1));

        assertThat(percent).isBetween(50.0, 90.0);
        assertThat(java).contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(java).noneMatch(w -> w.startsWith("-Xmx") || w.startsWith("-Xms"));
        List<String> entrypoint = runtime.entrypoint();
        if (entrypoint.get(0).endsWith("sh")) {
            assertThat(entrypoint.get(1)).isEqualTo("-c");
            assertThat(entrypoint.get(2)).as("the JVM replaces the shell, so it gets docker stop's SIGTERM").startsWith("exec java ");
            assertThat(java.indexOf("$JAVA_OPTS")).as("JAVA_OPTS after the defaults, before the main class")
                    .isGreaterThan(maxRam).isLessThan(java.indexOf(LAUNCHER));
            assertThat(java).as("arguments go to the service").endsWith("\"$@\"");
            assertThat(entrypoint).as("sh -c takes its first argument as $0: a name stands there").hasSize(4);
        }
    }

    @Test
    void theImageRunsAsANumericNonRootUserThatOwnsTheDataDir() {
        String user = runtime.last("USER").orElseThrow().arguments();
        String uid = user.split(":")[0];
        String dataDir = runtime.env().get("DATA_DIR");

        assertThat(user).matches("\\d+(:\\d+)?");
        assertThat(uid).isNotEqualTo("0");
        assertThat(runtime.runCommandContaining("useradd")).containsSubsequence("--uid", uid);
        if (user.contains(":")) {
            assertThat(runtime.runCommandContaining("groupadd")).containsSubsequence("--gid", user.split(":")[1]);
        }
        assertThat(dataDir).isNotBlank();
        List<String> chown = runtime.runCommandContaining("chown");
        assertThat(chown).contains(dataDir);
        assertThat(chown).anyMatch(w -> w.equals(user) || w.equals(uid));
    }

    @Test
    void theHealthcheckCallsTheHealthEndpointOnTheExposedServerPort() throws IOException {
        List<String> healthcheck = runtime.healthcheck();
        String text = String.join(" ", healthcheck.get(0).endsWith("sh") ? healthcheck.subList(2, healthcheck.size()) : healthcheck);
        Matcher url = Pattern.compile("https?://(?:localhost|127\\.0\\.0\\.1):(\\d+)(/[^\\s\"']*)").matcher(text);
        assertThat(url.find()).as("a local URL in the HEALTHCHECK: " + text).isTrue();
        String routes = Files.readString(ROOT.resolve("src/main/java/io/gitcollector/api/RestApiRoutes.java"));

        assertThat(url.group(1)).isEqualTo(serverPort()).isEqualTo(runtime.last("EXPOSE").orElseThrow().arguments());
        assertThat(url.group(2)).isEqualTo(restContextPath() + "/health");
        assertThat(routes).as("the REST DSL answers GET /health").containsPattern("rest\\(\"/health\"\\)\\s*\\.description\\([^;]*?\\.get\\(\\)");
        String program = text.split("\\s+")[0];
        assertThat(runtime.runCommandContaining("install")).as("the HEALTHCHECK's " + program + " is installed").contains(program);
    }

    @Test
    void applicationYamlAndTheRoutesFolderLandInTheWorkDirWhereTheServiceReadsThem() {
        Map<String, String> copied = new LinkedHashMap<>();
        runtime.copies().stream().filter(c -> c.from() == null).forEach(c -> copied.put(c.sources().get(0), runtime.resolve(c.destination())));

        assertThat(copied).containsEntry("application.yaml", runtime.resolve("application.yaml"))
                .containsEntry("routes", runtime.resolve(placeholderDefault("COLLECTOR_ROUTES_DIR")));
    }

    // ---- docker-compose.yml

    @Test
    void composeRunsKafkaInKraftModeRedisAndTheCollectorBuiltFromThisDockerfile() {
        Map<String, Object> services = services();
        Map<String, Object> collector = service("git-collector");

        assertThat(services).containsOnlyKeys("kafka", "redis", "git-collector");
        assertThat((String) service("kafka").get("image")).startsWith("apache/kafka:");
        assertThat((String) service("redis").get("image")).startsWith("redis:");
        assertThat(List.of(env("kafka").get("KAFKA_PROCESS_ROLES").split(","))).containsExactlyInAnyOrder("broker", "controller");
        assertThat(env("kafka")).containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        assertThat(collector.get("build")).isEqualTo(".");
        assertThat(collector).containsEntry("container_name", "sei-git-collector");
        assertThat(collector.get("env_file")).isIn(".env", List.of(".env"));
        assertThat(collector.get("restart")).as("a JVM that exits on OutOfMemoryError is started again").isIn("unless-stopped", "always", "on-failure");
    }

    @Test
    void theCollectorReachesKafkaOnAPlaintextListenerTheKafkaServiceListensOnAndAdvertises() {
        Map<String, String> kafka = env("kafka");
        Map<String, Integer> listeners = listenerPorts(kafka.get("KAFKA_LISTENERS"));
        Map<String, String> protocols = pairs(kafka.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"));
        Set<String> controllers = Set.of(kafka.get("KAFKA_CONTROLLER_LISTENER_NAMES").split(","));
        Map<String, String> advertised = new LinkedHashMap<>();
        for (String listener : kafka.get("KAFKA_ADVERTISED_LISTENERS").split(",")) {
            URI uri = URI.create(listener.strip());
            advertised.put(uri.getHost() + ":" + uri.getPort(), uri.getScheme());
        }

        String brokers = env("git-collector").get("KAFKA_BROKERS");
        assertThat(brokers).isNotBlank();
        for (String broker : brokers.split(",")) {
            String name = advertised.get(broker.strip());
            assertThat(name).as(broker + " is an advertised listener of the kafka service").isNotNull();
            assertThat(broker.split(":")[0]).isEqualTo("kafka");
            assertThat(listeners).as("the kafka service listens where it advertises " + name)
                    .containsEntry(name, Integer.parseInt(broker.split(":")[1]));
            assertThat(protocols).containsEntry(name, "PLAINTEXT");
            assertThat(controllers).doesNotContain(name);
        }
        Matcher voter = Pattern.compile("(\\d+)@([^:]+):(\\d+)").matcher(kafka.get("KAFKA_CONTROLLER_QUORUM_VOTERS"));
        assertThat(voter.matches()).isTrue();
        assertThat(voter.group(1)).isEqualTo(kafka.get("KAFKA_NODE_ID"));
        assertThat(voter.group(2)).isEqualTo("kafka");
        assertThat(listeners.get(controllers.iterator().next())).isEqualTo(Integer.parseInt(voter.group(3)));
    }

    @Test
    void kafkaAndRedisKeepTheirDataInTheirVolumes() {
        assertThat(volumes("kafka")).containsEntry("kafka-data", env("kafka").get("KAFKA_LOG_DIRS"));
        assertThat(volumes("redis")).containsEntry("redis-data", "/data");
        assertThat(command("redis")).containsSubsequence("--appendonly", "yes");
        @SuppressWarnings("unchecked")
        Map<String, Object> named = (Map<String, Object>) compose().get("volumes");
        assertThat(named).containsKeys("kafka-data", "redis-data");
    }

    @Test
    void theCollectorReachesRedisOnThePortTheRedisServiceListensOn() {
        URI url = URI.create(env("git-collector").get("REDIS_URL"));
        List<String> command = command("redis");
        int redisPort = command.contains("--port") ? Integer.parseInt(command.get(command.indexOf("--port") + 1)) : 6379;

        assertThat(url.getScheme()).isEqualTo("redis");
        assertThat(url.getHost()).isEqualTo("redis");
        assertThat(url.getPort() == -1 ? 6379 : url.getPort()).isEqualTo(redisPort);
    }

    @Test
    void everyServiceHasAHealthcheckAndTheCollectorWaitsUntilKafkaAndRedisAreHealthy() {
        String kafkaCheck = String.join(" ", healthcheckTest("kafka"));
        Matcher bootstrap = Pattern.compile("--bootstrap-server localhost:(\\d+)").matcher(kafkaCheck);

        assertThat(bootstrap.find()).as(kafkaCheck).isTrue();
        assertThat(listenerPorts(env("kafka").get("KAFKA_LISTENERS"))).containsValue(Integer.parseInt(bootstrap.group(1)));
        assertThat(healthcheckTest("redis")).containsSubsequence("redis-cli", "ping");
        assertThat(service("git-collector").get("healthcheck")).as("the image's HEALTHCHECK applies: none set or disabled here").isNull();
        assertThat(runtime.healthcheck()).isNotEmpty();
        assertThat(service("git-collector").get("depends_on")).isEqualTo(Map.of(
                "kafka", Map.of("condition", "service_healthy"),
                "redis", Map.of("condition", "service_healthy")));
    }

    @Test
    void theCollectorPublishesItsServerPortOnTheSamePortOfTheHost() {
        @SuppressWarnings("unchecked")
        List<Object> ports = (List<Object>) service("git-collector").get("ports");

        assertThat(ports).containsExactly(serverPort() + ":" + serverPort());
    }

    @Test
    void theRoutesFolderIsMountedWhereTheServiceReadsItsSources() {
        Map<String, String> mounts = volumes("git-collector");
        String target = runtime.resolve(placeholderDefault("COLLECTOR_ROUTES_DIR"));

        assertThat(mounts).containsEntry("./routes", target);
        assertThat(ROOT.resolve("routes")).isDirectory();
    }

    // ---- environment variables

    @Test
    void everyVariableTheServiceTheImageOrComposeReadsIsListedInEnvExample() throws IOException {
        Set<String> read = new TreeSet<>(readByService());
        read.addAll(readByImage());
        read.addAll(readByCompose());

        assertThat(read).contains("KAFKA_BROKERS", "REDIS_URL", "GITHUB_TOKEN", "SERVER_PORT", "JAVA_OPTS");
        assertThat(listedInEnvExample().keySet()).containsAll(read);
    }

    @Test
    void everyVariableInEnvExampleIsReadByTheServiceTheImageOrCompose() throws IOException {
        Set<String> read = new TreeSet<>(readByService());
        read.addAll(readByImage());
        read.addAll(readByCompose());

        assertThat(read).containsAll(listedInEnvExample().keySet());
    }

    @Test
    void variablesComposeSetsForTheCollectorAreReadByItAndOnlyCommentedExamplesInEnvExampleWhileLogLevelPassesThrough() throws IOException {
        Map<String, Boolean> listed = listedInEnvExample();
        Map<String, String> environment = env("git-collector");
        // ${NAME:-default} passes a variable through (from the shell, else .env); anything else is fixed here.
        Set<String> passed = new TreeSet<>(environment.keySet());
        passed.removeIf(name -> !environment.get(name).startsWith("${" + name + ":-"));
        Set<String> set = new TreeSet<>(environment.keySet());
        set.removeAll(passed);

        assertThat(passed).containsExactly("LOG_LEVEL");
        assertThat(readByService()).containsAll(passed);
        assertThat(set).containsExactlyInAnyOrder("KAFKA_BROKERS", "REDIS_URL");
        assertThat(readByService()).containsAll(set);
        assertThat(set).allSatisfy(name -> assertThat(listed).as("compose's environment wins over env_file: " + name
                + " set in .env would do nothing").containsEntry(name, false));
    }

    // ---- helpers

    private static String applicationYaml() {
        try {
            return Files.readString(ROOT.resolve("application.yaml"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The default of a ${NAME:default} placeholder in application.yaml, the same wherever it is used. */
    private static String placeholderDefault(String name) {
        Set<String> defaults = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(applicationYaml());
        while (m.find()) {
            if (m.group(1).equals(name)) {
                defaults.add(m.group(2) == null ? "" : m.group(2));
            }
        }
        assertThat(defaults).as("the default of ${" + name + "} in application.yaml").hasSize(1);
        return defaults.iterator().next();
    }

    @SuppressWarnings("unchecked")
    private static Object yamlValue(String dottedKey) {
        Object node = new Yaml().load(applicationYaml());
        for (String key : dottedKey.split("\\.")) {
            node = node instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(key) : null;
        }
        return node;
    }

    private static String serverPort() {
        Matcher m = PLACEHOLDER.matcher(String.valueOf(yamlValue("server.port")));
        return m.matches() ? m.group(2) : String.valueOf(yamlValue("server.port"));
    }

    private static String restContextPath() {
        Object path = yamlValue("camel.rest.context-path");
        return path == null ? "" : ("/" + path).replaceAll("/+$", "").replaceAll("^/+", "/");
    }

    private static Set<String> readByService() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(applicationYaml());
        while (m.find()) {
            names.add(m.group(1));
        }
        Pattern inCode = Pattern.compile("getenv\\(\"([A-Z][A-Z0-9_]*)\"\\)|\\$\\{([A-Z][A-Z0-9_]*)[:}]|\\{\\{env:([A-Z][A-Z0-9_]*)");
        List<Path> sources = new ArrayList<>();
        for (String dir : List.of("src/main/java", "routes")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(dir))) {
                files.filter(Files::isRegularFile).forEach(sources::add);
            }
        }
        for (Path source : sources) {
            Matcher code = inCode.matcher(Files.readString(source));
            while (code.find()) {
                names.add(code.group(1) != null ? code.group(1) : code.group(2) != null ? code.group(2) : code.group(3));
            }
        }
        return names;
    }

    /** Variables the image's start command expands. */
    private Set<String> readByImage() {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)").matcher(String.join(" ", runtime.entrypoint()));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Variables compose interpolates ($$ is a literal dollar). */
    private static Set<String> readByCompose() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?<!\\$)\\$\\{?([A-Za-z_][A-Za-z0-9_]*)").matcher(Files.readString(ROOT.resolve("docker-compose.yml")));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Each variable .env.example names, mapped to whether it is set (NAME=) rather than a commented example (# NAME=). */
    private static Map<String, Boolean> listedInEnvExample() throws IOException {
        Map<String, Boolean> listed = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^(#\\s*)?([A-Z][A-Z0-9_]*)=").matcher(Files.readString(ROOT.resolve(".env.example")));
        while (m.find()) {
            listed.merge(m.group(2), m.group(1) == null, Boolean::logicalOr);
        }
        return listed;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() {
        try {
            return new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() {
        return (Map<String, Object>) compose().get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) {
        Map<String, Object> service = (Map<String, Object>) services().get(name);
        assertThat(service).as("compose service " + name).isNotNull();
        return service;
    }

    /** A service's environment, map or list form, values as strings. */
    private static Map<String, String> env(String name) {
        Object environment = service(name).get("environment");
        Map<String, String> env = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        } else if (environment instanceof List<?> list) {
            list.forEach(entry -> env.put(String.valueOf(entry).split("=", 2)[0], String.valueOf(entry).split("=", 2)[1]));
        }
        return env;
    }

    /** A service's short-form volumes, source to target. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> volumes(String name) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object volume : (List<Object>) service(name).getOrDefault("volumes", List.of())) {
            String[] parts = String.valueOf(volume).split(":");
            mounts.put(parts[0], parts[1]);
        }
        return mounts;
    }

    @SuppressWarnings("unchecked")
    private static List<String> command(String name) {
        Object command = service(name).get("command");
        return command instanceof List<?> list ? (List<String>) list : List.of(String.valueOf(command).split("\\s+"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> healthcheckTest(String name) {
        Map<String, Object> healthcheck = (Map<String, Object>) service(name).get("healthcheck");
        assertThat(healthcheck).as(name + " healthcheck").isNotNull();
        Object test = healthcheck.get("test");
        List<String> words = test instanceof List<?> list ? (List<String>) list : List.of("CMD-SHELL", String.valueOf(test));
        assertThat(words.get(0)).isIn("CMD", "CMD-SHELL");
        return words.get(0).equals("CMD") ? words.subList(1, words.size()) : List.of(words.get(1).split("\\s+"));
    }

    /** KAFKA_LISTENERS as listener name to port. */
    private static Map<String, Integer> listenerPorts(String listeners) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String listener : listeners.split(",")) {
            Matcher m = Pattern.compile("([A-Z_]+)://[^:]*:(\\d+)").matcher(listener.strip());
            assertThat(m.matches()).as(listener).isTrue();
            ports.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return ports;
    }

    private static Map<String, String> pairs(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            pairs.put(pair.split(":")[0].strip(), pair.split(":")[1].strip());
        }
        return pairs;
    }
}
