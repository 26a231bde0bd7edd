package io.gitcollector;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;


import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.EventKeys;
import io.gitcollector.support.GitHubExpectations;
import io.gitcollector.support.PlatformSyncTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a timing assertion: a figure. A large full sync, after a small one has warmed the JVM,
 * prints events per second and the heap it needed; the counts it lands are asserted exactly.
 */
class LargeSyncBenchmarkTest extends PlatformSyncTest {

    @Test
    void largeFullSyncLandsEveryEventAndReportsThroughput() {
        collect(GITHUB.createRepository("bench", "warm-up").seed(300, 30, 1).url(), true);
        // Every entity the GitHub source reads, in a repository large enough to page through each list.
        SimulatedRepository repo = GITHUB.createRepository("bench", "large").seed(6000, 600, 2)
                .seedEverything(300, 1, 1, 40, 3, 250);
        List<String> expected = GitHubExpectations.fullSync(repo).list();
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long started = System.nanoTime();

        JsonNode status = collect(repo.url(), true);

        double seconds = (System.nanoTime() - started) / 1e9;
        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("completed");
        String id = status.path("repository_id").asText();
        List<JsonNode> events = allEvents(id);
        assertThat(EventKeys.keys(events)).containsExactlyInAnyOrderElementsOf(expected);
        int landed = events.size();
        System.out.printf("BENCHMARK large full sync: %d events, %d API calls, %.2f s, %.0f events/s, peak heap %d MB%n",
                landed, status.path("progress").path("api_calls").asLong(), seconds, landed / seconds, peakHeap >> 20);
    }
}
