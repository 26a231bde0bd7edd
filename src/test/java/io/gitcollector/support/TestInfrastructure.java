package io.gitcollector.support;

import java.nio.file.Files;
import java.nio.file.Path;

import io.gitcollector.embedded.EmbeddedKafkaBroker;
import io.gitcollector.embedded.EmbeddedRedisServer;
import io.gitcollector.simulator.BitbucketServerSimulator;
import io.gitcollector.simulator.BitbucketSimulator;
import io.gitcollector.simulator.GitHubSimulator;
import io.gitcollector.simulator.GitLabSimulator;
import io.gitcollector.simulator.GerritSimulator;
import io.gitcollector.simulator.GiteaSimulator;

/**
 * The real servers the tests run against, started once per test JVM on free ports: an in-process
 * KRaft Kafka broker, a redis-server process, and a simulator per platform. The service under test
 * is given their addresses as KAFKA_BROKERS / REDIS_URL / &lt;PLATFORM&gt;_API_URL would give them.
 */
public final class TestInfrastructure {

    private static TestInfrastructure shared;

    public final EmbeddedKafkaBroker kafka;
    public final EmbeddedRedisServer redis;
    public final GitHubSimulator github;
    public final GitLabSimulator gitlab;
    public final BitbucketSimulator bitbucket;
    public final GiteaSimulator gitea;
    public final GerritSimulator gerrit;
    public final BitbucketServerSimulator bitbucketServer;
    /** The service's routes directory: a copy of routes/ without gitea.yaml, which a test adds while the service runs. */
    public final Path routesDir;

    private TestInfrastructure() throws Exception {
        Path dir = Files.createTempDirectory("git-collector-test");
        kafka = EmbeddedKafkaBroker.start(dir, 0);
        redis = EmbeddedRedisServer.start(dir, 0);
        github = GitHubSimulator.start(0);
        gitlab = GitLabSimulator.start(0);
        bitbucket = BitbucketSimulator.start(0);
        gitea = GiteaSimulator.start(0);
        gerrit = GerritSimulator.start(0);
        bitbucketServer = BitbucketServerSimulator.start(0);
        routesDir = Files.createDirectories(dir.resolve("routes"));
        try (var sources = Files.list(Path.of("routes"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                if (!source.getFileName().toString().equals("gitea.yaml")) {
                    Files.copy(source, routesDir.resolve(source.getFileName()));
                }
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            github.close();
            gitlab.close();
            bitbucket.close();
            gitea.close();
            gerrit.close();
            bitbucketServer.close();
            kafka.close();
            try {
                redis.close();
            } catch (Exception ignored) {
                // the JVM is going away
            }
        }));
    }

    public static synchronized TestInfrastructure shared() {
        if (shared == null) {
            try {
                shared = new TestInfrastructure();
            } catch (Exception e) {
                throw new IllegalStateException("could not start the test infrastructure", e);
            }
        }
        return shared;
    }
}
