package io.gitcollector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.identity.PlatformRegistry;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.GitHubExpectations;
import io.gitcollector.support.PlatformSyncTest;
import io.gitcollector.support.SourceFiles;
import org.apache.camel.CamelContext;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job that dies of an Error (StackOverflowError, OutOfMemoryError) ends 'failed' saying so, and the Kafka
 * consumer that ran it goes on: a repository queued afterwards on the same partition of the jobs topic (so to
 * the same consumer) is collected. Every partition gets a dying job, so every consumer is put to the test.
 */
class JobDiesOfAnErrorTest extends PlatformSyncTest {

    private static final Path SOURCE = Path.of("src/test/resources/test-sources/faulty.yaml");

    @Autowired
    CamelContext camel;

    @Autowired
    PlatformRegistry platforms;

    @Autowired
    CollectorProperties properties;

    @Test
    void aJobThatDiesOfAnErrorEndsFailedAndItsConsumerTakesTheNextJob() throws IOException {
        loadSource();
        int partitions = properties.getKafka().getJobsPartitions();

        List<String> dying = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            String kind = partition % 2 == 0 ? "stack-overflow" : "out-of-memory";
            String url = onPartition(partition, partitions, i -> "https://faulty.invalid/acme/" + kind + "-" + i);
            dying.add(trigger(url, true).get("repository_id").asText());
        }
        for (String id : dying) {
            JsonNode status = awaitFinished(id);
            assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("failed");
            String error = status.path("repository_url").asText().contains("out-of-memory")
                    ? "the run died of java.lang.OutOfMemoryError" : "the run died of java.lang.StackOverflowError";
            assertThat(status.path("last_error").asText()).startsWith(error);
        }

        for (int partition = 0; partition < partitions; partition++) {
            String url = onPartition(partition, partitions, i -> GITHUB.apiUrl() + "/acme/after-error-" + i);
            String name = url.substring(url.lastIndexOf('/') + 1);
            SimulatedRepository repo = GITHUB.createRepository("acme", name).seed(4, 2, 1);
            JsonNode status = completed(repo.url(), true);
            assertExactly(allEvents(status.path("repository_id").asText()), GitHubExpectations.fullSync(repo));
        }
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    /** The first of url(0), url(1), … whose repository's job goes to {@code partition} (Kafka's default partitioner). */
    private String onPartition(int partition, int partitions, java.util.function.IntFunction<String> url) {
        for (int i = 0; ; i++) {
            String candidate = url.apply(i);
            String key = platforms.identify(candidate).id();
            if (Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions == partition
                    && !GITHUB.hasRepository("acme", candidate.substring(candidate.lastIndexOf('/') + 1))) {
                return candidate;
            }
        }
    }

    private void loadSource() throws IOException {
        Path live = INFRA.routesDir.resolve("faulty.yaml");
        if (!Files.exists(live)) {
            SourceFiles.replace(live, Files.readString(SOURCE));
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> camel.getRoute("faulty-sync") != null);
    }
}
