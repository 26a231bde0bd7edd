package io.gitcollector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.gitcollector.identity.PlatformRegistry;
import io.gitcollector.jobs.CollectionSchedule;
import io.gitcollector.jobs.JobIntake;
import io.gitcollector.jobs.ScheduledRuns;
import io.gitcollector.model.RepositoryIdentity;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.state.ScheduleClaims;
import io.gitcollector.support.CollectorIntegrationTest;
import io.gitcollector.support.TopicReader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances' schedulers fire the same due run: one queues it, the other does nothing, and the run is not
 * repeated when a scheduler fires again within its slot after it ended; the next slot's run is queued once too.
 */
class ScheduledRunOnceTest extends CollectorIntegrationTest {

    private static final Duration INTERVAL = Duration.ofHours(1);

    @Autowired CollectionSchedule schedule;
    @Autowired ScheduleClaims claims;
    @Autowired JobIntake intake;
    @Autowired PlatformRegistry platforms;

    @Test
    void eachDueRunIsQueuedByOneInstanceOnly() {
        SimulatedRepository simulated = GITHUB.createRepository("schedule-once", "repo-" + UUID.randomUUID().toString().substring(0, 8))
                .seed(2, 0, 0);
        RepositoryIdentity repository = platforms.identify(simulated.url());
        Instant slot = Instant.now();

        assertThat(queuedBy(twoInstances(), repository, slot)).isEqualTo(1);
        assertThat(awaitFinished(repository.id()).path("status").asText()).isEqualTo("completed");
        assertThat(jobs(repository)).hasSize(1);

        // The repository is idle again, and both fire once more in the same slot (restarted, nothing remembered):
        // the claim, not the run in progress, keeps the slot's run from happening twice.
        assertThat(queuedBy(twoInstances(), repository, slot.plusSeconds(1))).isZero();
        assertThat(jobs(repository)).hasSize(1);

        assertThat(queuedBy(twoInstances(), repository, slot.plus(INTERVAL))).isEqualTo(1);
        assertThat(awaitFinished(repository.id()).path("status").asText()).isEqualTo("completed");
        assertThat(jobs(repository)).hasSize(2);
    }

    private List<ScheduledRuns> twoInstances() {
        return List.of(new ScheduledRuns(schedule, claims, intake, Clock.systemUTC()),
                new ScheduledRuns(schedule, claims, intake, Clock.systemUTC()));
    }

    /** Both instances fire at {@code at} (twice each, as timers may): how many runs they queued. */
    private long queuedBy(List<ScheduledRuns> instances, RepositoryIdentity repository, Instant at) {
        return Stream.of(instances, instances).flatMap(List::stream)
                .filter(instance -> instance.runIfDue(repository, INTERVAL, at)).count();
    }

    private List<?> jobs(RepositoryIdentity repository) {
        return TopicReader.events(INFRA.kafka.bootstrapServers(), "git.collect.jobs", repository.id());
    }
}
