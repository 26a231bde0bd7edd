package io.gitcollector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.GitHubExpectations;
import io.gitcollector.support.PlatformSyncTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ten repositories triggered at once are collected side by side: as many at a time as this instance has job
 * consumers, never more, and each lands exactly its own events. Each repository's API holds its second request
 * until the test lets it go, so the runs are seen overlapping rather than inferred from timings.
 */
class ParallelCollectionTest extends PlatformSyncTest {

    private static final int REPOSITORIES = 10;

    @Autowired
    private CollectorProperties properties;

    @Test
    void tenRepositoriesTriggeredAtOnceRunAsManyAtATimeAsThereAreConsumersAndEachLandsExactlyItsEvents() {
        int consumers = properties.getJobs().getConcurrency();
        List<SimulatedRepository> repos = new ArrayList<>();
        for (int i = 0; i < REPOSITORIES; i++) {
            SimulatedRepository repo = GITHUB.createRepository("parallel", "repo-" + i).seed(120, 12, 2)
                    .seedEverything(5, 1, 1, 2, 1, 3);
            repo.faults().holdAfter(1); // the repository itself is read, then its next call waits
            repos.add(repo);
        }
        List<String> ids = new ArrayList<>();
        try {
            repos.forEach(repo -> ids.add(trigger(repo.url(), true).get("repository_id").asText()));

            int[] mostAtOnce = {0};
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                int running = 0;
                for (String id : ids) {
                    if (status(id).path("status").asText().equals("running")) {
                        running++;
                    }
                }
                mostAtOnce[0] = Math.max(mostAtOnce[0], running);
                return running == consumers;
            });
            assertThat(mostAtOnce[0]).as("runs at once, held on their platform's answers").isEqualTo(consumers);
        } finally {
            repos.forEach(repo -> repo.faults().release());
        }

        for (int i = 0; i < REPOSITORIES; i++) {
            JsonNode status = awaitFinished(ids.get(i));
            assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("completed");
            assertExactly(allEvents(ids.get(i)), GitHubExpectations.fullSync(repos.get(i)));
        }
    }
}
