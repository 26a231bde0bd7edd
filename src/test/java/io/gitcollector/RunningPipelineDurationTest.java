package io.gitcollector;

import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.simulator.SimulatedBitbucketRepository;
import io.gitcollector.simulator.SimulatedGitLabProject;
import io.gitcollector.support.PlatformSyncTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pipeline still queued or running has no duration ({@code duration_seconds: null}) on every platform, as on
 * GitHub; one that ended has its own. Bitbucket says 0 seconds for a pipeline that has not ended.
 */
class RunningPipelineDurationTest extends PlatformSyncTest {

    @Test
    void aBitbucketPipelineNotYetEndedHasNoDurationAndAnEndedOneItsOwn() {
        SimulatedBitbucketRepository repo = BITBUCKET.createRepository("acme-ws", "pipeline-durations").seed(3, 0, 0, 0, 0, 0);
        String running = repo.addPipeline("IN_PROGRESS");
        String pending = repo.addPipeline("PENDING");
        String ended = repo.addPipeline("SUCCESSFUL");

        Map<String, JsonNode> pipelines = pipelinesById(completed(repo.url(), true));

        assertThat(pipelines.get(running).path("status").asText()).isEqualTo("running");
        assertThat(pipelines.get(running).path("duration_seconds").isNull()).as(pipelines.get(running).toString()).isTrue();
        assertThat(pipelines.get(pending).path("status").asText()).isEqualTo("queued");
        assertThat(pipelines.get(pending).path("duration_seconds").isNull()).as(pipelines.get(pending).toString()).isTrue();
        assertThat(pipelines.get(ended).path("status").asText()).isEqualTo("success");
        assertThat(pipelines.get(ended).path("duration_seconds").asLong()).isEqualTo(300);
    }

    @Test
    void aGitLabPipelineNotYetEndedHasNoDurationAndAnEndedOneItsOwn() {
        SimulatedGitLabProject project = GITLAB.createProject("acme/pipeline-durations").seed(3, 0, 0, 0, 0, 0);
        long running = project.addPipeline("running");
        long pending = project.addPipeline("pending");
        long ended = project.addPipeline("success");

        Map<String, JsonNode> pipelines = pipelinesById(completed(project.url(), true));

        assertThat(pipelines.get(Long.toString(running)).path("status").asText()).isEqualTo("running");
        assertThat(pipelines.get(Long.toString(running)).path("duration_seconds").isNull()).isTrue();
        assertThat(pipelines.get(Long.toString(pending)).path("status").asText()).isEqualTo("queued");
        assertThat(pipelines.get(Long.toString(pending)).path("duration_seconds").isNull()).isTrue();
        long duration = project.pipelines().stream().filter(p -> p.get("id").asLong() == ended).findFirst().orElseThrow()
                .get("duration").asLong();
        assertThat(duration).isPositive();
        assertThat(pipelines.get(Long.toString(ended)).path("status").asText()).isEqualTo("success");
        assertThat(pipelines.get(Long.toString(ended)).path("duration_seconds").asLong()).isEqualTo(duration);
    }

    private Map<String, JsonNode> pipelinesById(JsonNode status) {
        return events("git.pipelines", status.path("repository_id").asText(), "pipeline_run_synced").stream()
                .map(e -> e.path("data"))
                .collect(Collectors.toMap(data -> data.path("id").asText(), data -> data, (a, b) -> b));
    }
}
