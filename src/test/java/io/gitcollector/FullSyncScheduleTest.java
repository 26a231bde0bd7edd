package io.gitcollector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.identity.PlatformRegistry;
import io.gitcollector.jobs.CollectionSchedule;
import io.gitcollector.jobs.FullSyncCron;
import io.gitcollector.jobs.JobIntake;
import io.gitcollector.jobs.ScheduleEntry;
import io.gitcollector.jobs.ScheduledRuns;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.state.ScheduleClaims;
import io.gitcollector.support.CollectorIntegrationTest;
import io.gitcollector.support.TopicReader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Full syncs on each schedule entry's cron (03:00 UTC unless set), queued once cluster-wide; a wrong cron stops the start. */
class FullSyncScheduleTest extends CollectorIntegrationTest {

    @Autowired CollectionSchedule schedule;
    @Autowired ScheduleClaims claims;
    @Autowired JobIntake intake;
    @Autowired PlatformRegistry platforms;
    @Autowired io.gitcollector.state.RegisteredRepositoryStore registered;

    @Test
    void theCronsFullSyncIsQueuedByOneInstanceOnly() {
        SimulatedRepository simulated = GITHUB.createRepository("schedule-full", "repo-" + UUID.randomUUID().toString().substring(0, 8))
                .seed(3, 0, 0);
        ScheduleEntry entry = new ScheduleEntry(platforms.identify(simulated.url()), Duration.ofHours(1),
                FullSyncCron.parse(FullSyncCron.DEFAULT), ScheduleEntry.API);
        Instant threeOClock = LocalDate.now(ZoneOffset.UTC).atTime(3, 0).toInstant(ZoneOffset.UTC);
        Instant before = threeOClock.minusSeconds(1);
        Instant after = threeOClock.plusSeconds(1);

        assertThat(queuedBy(entry, before.minusSeconds(1), before)).as("no cron time in the window").isZero();
        assertThat(queuedBy(entry, before, after)).isEqualTo(1);
        JsonNode status = awaitFinished(entry.repository().id());
        assertThat(status.path("status").asText()).isEqualTo("completed");
        assertThat(status.path("sync_mode").asText()).isEqualTo("full");
        List<JsonNode> jobs = jobs(entry);
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).path("sync_mode").asText()).isEqualTo("full");
        assertThat(jobs.get(0).path("requested_by").asText()).isEqualTo("schedule");

        // The same cron time again, the repository idle: claimed already, nothing queued.
        assertThat(queuedBy(entry, before, after)).isZero();
        assertThat(jobs(entry)).hasSize(1);
    }

    @Test
    void fullSyncsAreOffPeakByDefaultAndCanBeTurnedOff() {
        assertThat(new CollectorProperties.ScheduledRepository().getFullSyncCron()).isEqualTo("0 0 3 * * *");
        assertThat(FullSyncCron.parse("-")).isNull();
        assertThat(FullSyncCron.parse("")).isNull();
        ScheduleEntry entry = new ScheduleEntry(platforms.identify(GITHUB.apiUrl() + "/acme/no-full"), Duration.ofHours(1),
                null, ScheduleEntry.CONFIG);
        assertThat(entry.nextFullSync(Instant.now())).isEmpty();
    }

    @Test
    void aWrongCronStopsTheStartNamingItsEntry() {
        CollectorProperties properties = new CollectorProperties();
        CollectorProperties.ScheduledRepository good = new CollectorProperties.ScheduledRepository();
        good.setUrl(GITHUB.apiUrl() + "/acme/good");
        CollectorProperties.ScheduledRepository bad = new CollectorProperties.ScheduledRepository();
        bad.setUrl(GITHUB.apiUrl() + "/acme/bad-cron");
        bad.setFullSyncCron("0 0 25 * * *");
        properties.setRepositories(List.of(good, bad));

        assertThatThrownBy(() -> new CollectionSchedule(properties, platforms, registered))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("collector.repositories[1]")
                .hasMessageContaining("/acme/bad-cron")
                .hasMessageContaining("full-sync-cron '0 0 25 * * *'");
    }

    /** Two instances fire the window (since, now], twice each: how many full syncs they queued. */
    private long queuedBy(ScheduleEntry entry, Instant since, Instant now) {
        List<ScheduledRuns> instances = List.of(new ScheduledRuns(schedule, claims, intake, Clock.systemUTC()),
                new ScheduledRuns(schedule, claims, intake, Clock.systemUTC()));
        return Stream.of(instances, instances).flatMap(List::stream)
                .filter(instance -> instance.runFullSyncIfDue(entry, since, now)).count();
    }

    private List<JsonNode> jobs(ScheduleEntry entry) {
        return TopicReader.events(INFRA.kafka.bootstrapServers(), "git.collect.jobs", entry.repository().id());
    }
}
