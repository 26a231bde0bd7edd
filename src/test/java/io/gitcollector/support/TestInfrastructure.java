package io.gitcollector.support;

import java.nio.file.Files;
import java.nio.file.Path;

import io.gitcollector.embedded.EmbeddedKafkaBroker;
import io.gitcollector.embedded.EmbeddedRedisServer;
import io.gitcollector.simulator.GitHubSimulator;

/**
 * The real servers the tests run against, started once per test JVM on free ports: an in-process
 * KRaft Kafka broker, a redis-server process, and the GitHub simulator. The service under test
 * is given their addresses as KAFKA_BROKERS / REDIS_URL / GITHUB_API_URL would give them.
 */
public final class TestInfrastructure {

    private static TestInfrastructure shared;

    public final EmbeddedKafkaBroker kafka;
    public final EmbeddedRedisServer redis;
    public final GitHubSimulator github;

    private TestInfrastructure() throws Exception {
        Path dir = Files.createTempDirectory("git-collector-test");
        kafka = EmbeddedKafkaBroker.start(dir, 0);
        redis = EmbeddedRedisServer.start(dir, 0);
        github = GitHubSimulator.start(0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            github.close();
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
