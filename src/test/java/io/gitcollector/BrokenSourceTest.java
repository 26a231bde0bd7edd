package io.gitcollector;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.identity.PlatformRegistry;
import io.gitcollector.jobs.JobIntake;
import io.gitcollector.model.CollectionJob;
import io.gitcollector.model.RepositoryIdentity;
import io.gitcollector.simulator.SimulatedGiteaRepository;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.CollectorIntegrationTest;
import io.gitcollector.support.PrintedLog;
import io.gitcollector.support.SourceFiles;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A source with a mistake in it, dropped into the routes directory or edited there while the service runs, is
 * refused whole: none of its routes run (an edit's old ones stop too), an ERROR line names the file, the route and
 * where the mistake is, a trigger for its platform is answered 409 with that reason, and a job queued otherwise
 * fails at once with it — no item waits on a missing mapper, nothing goes to the dead letters — while other
 * platforms' jobs go on. The fixed file loads again.
 * Gitea's source is the one broken here; each test leaves it loaded as shipped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokenSourceTest extends CollectorIntegrationTest {

    private static final Path SOURCE = Path.of("routes/gitea.yaml");
    private static final Path LIVE = INFRA.routesDir.resolve("gitea.yaml");
    private static final String DESCRIPTION = "description: (if .description == \"\" then null else .description end),";
    /** A job of the refused platform ends this fast, or it waited on something. */
    private static final Duration AT_ONCE = Duration.ofSeconds(10);

    @Autowired
    CamelContext camel;

    @Autowired
    JobIntake intake;

    @Autowired
    PlatformRegistry platforms;

    @Test
    @Order(1)
    void aSourceDroppedInWithAJqErrorOrInvalidYamlIsRefusedWholeAndTheFixedFileLoads() throws IOException {
        withoutGiteaSource();

        refused(jqError(), jqProblem());
        Files.delete(LIVE);
        refused(invalidYaml(), yamlProblem());
        Files.delete(LIVE);

        loadsAndCollects();
    }

    @Test
    @Order(2)
    void aSourceEditedIntoAJqErrorOrInvalidYamlStopsItsOldRoutesAndTheFixLoadsThemAgain() throws IOException {
        loadsAndCollects();

        refused(jqError(), jqProblem());
        loadsAndCollects();
        refused(invalidYaml(), yamlProblem());

        loadsAndCollects();
    }

    @Test
    @Order(3)
    void aSourceWhoseRoutesFailToStartIsRefusedWholeRatherThanLeftHalfRunning() throws IOException {
        loadsAndCollects();
        String shipped = Files.readString(SOURCE);
        // Its last route reads from an endpoint Camel cannot make: the check passes, Camel fails at that route.
        String from = "    from:\n      uri: direct:gitea-map-branch-protection\n";
        String broken = shipped.replace(from, from.replace("direct:", "nosuchscheme:"));
        assertThat(broken).isNotEqualTo(shipped);

        refused(broken, LIVE + ": its routes do not start: ", "gitea-map-branch-protection");

        loadsAndCollects();
    }

    private void refused(String content, String problem) throws IOException {
        refused(content, problem, "gitea-map-repository");
    }

    /** Puts the content in, and checks the source is refused with that problem, whole, and what that means for jobs. */
    private void refused(String content, String problem, String route) throws IOException {
        try (PrintedLog log = PrintedLog.capture()) {
            SourceFiles.replace(LIVE, content);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> errorLines(log).stream().anyMatch(line -> line.contains(problem)));
            assertThat(errorLines(log)).filteredOn(line -> line.contains(problem)).singleElement().asString()
                    .startsWith("Source " + LIVE + " refused, none of its routes run")
                    .endsWith(" [route " + route + "]");
        }
        assertThat(giteaRoutes()).isEmpty();

        // A trigger is answered at once with the reason, and nothing is queued.
        SimulatedGiteaRepository repo = GITEA.createRepository("tea-org", "refused-" + System.nanoTime()).seed(3, 1, 1, 1, 0);
        HttpResponse<String> answer = post("/api/v1/collect/trigger", "{\"repository_url\":\"" + repo.url() + "\",\"full_sync\":true}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
        assertThat(json(answer).path("error").asText()).isEqualTo("source_refused");
        assertThat(json(answer).path("message").asText())
                .startsWith("no source for platform gitea: " + LIVE + " was refused, none of its routes run: ")
                .contains(problem);
        RepositoryIdentity repository = platforms.identify(repo.url());
        assertThat(get("/api/v1/collect/status/" + repository.id()).statusCode()).isEqualTo(404);

        // A job queued otherwise (by the schedule) fails at once with the reason: no item waits on a missing mapper.
        assertThat(intake.enqueue(repository, CollectionJob.FULL, "schedule")).isTrue();
        await().atMost(AT_ONCE).pollInterval(Duration.ofMillis(50))
                .until(() -> status(repository.id()).path("status").asText().equals("failed"));
        assertThat(status(repository.id()).path("last_error").asText())
                .startsWith("no source for platform gitea: " + LIVE + " was refused, none of its routes run: ")
                .contains(problem);
        assertThat(events("git.dlq", repository.id())).isEmpty();
        assertThat(events("git.repositories", repository.id())).isEmpty();

        // Another platform's job is not held up behind it.
        SimulatedRepository other = GITHUB.createRepository("acme", "beside-refused-" + System.nanoTime()).seed(3, 1, 1);
        String otherId = trigger(other.url(), true).path("repository_id").asText();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> status(otherId).path("status").asText().equals("completed"));
        assertThat(giteaRoutes()).isEmpty();
    }

    /** The shipped source put back: its routes run, and a Gitea repository is collected through them. */
    private void loadsAndCollects() throws IOException {
        if (!Files.exists(LIVE) || !Files.readString(LIVE).equals(Files.readString(SOURCE)) || giteaRoutes().isEmpty()) {
            SourceFiles.replace(LIVE, Files.readString(SOURCE));
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> camel.getRoute("gitea-sync") != null && camel.getRoute("gitea-map-branch-protection") != null);
        SimulatedGiteaRepository repo = GITEA.createRepository("tea-org", "fixed-" + System.nanoTime()).seed(3, 1, 1, 1, 0);
        JsonNode status = collect(repo.url(), true);
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("completed");
        assertThat(events("git.repositories", status.path("repository_id").asText(), "repository_synced")).hasSize(1);
    }

    /** No gitea.yaml and none of its routes, as when the service started (GiteaSourceTest may have loaded it). */
    private void withoutGiteaSource() throws IOException {
        Files.deleteIfExists(LIVE);
        for (Route route : giteaRoutes()) {
            try {
                camel.getRouteController().stopRoute(route.getRouteId());
                camel.removeRoute(route.getRouteId());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        assertThat(giteaRoutes()).isEmpty();
    }

    private List<Route> giteaRoutes() {
        return camel.getRoutes().stream().filter(route -> route.getRouteId().startsWith("gitea-")).toList();
    }

    /** The ERROR lines' messages printed so far. */
    private static List<String> errorLines(PrintedLog log) {
        return log.lines().stream().map(BrokenSourceTest::parse)
                .filter(line -> line.path("log").path("level").asText(line.path("log.level").asText()).equals("ERROR"))
                .map(line -> line.path("message").asText())
                .toList();
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }

    /** gitea.yaml with one ')' too many in its repository mapper. */
    private static String jqError() throws IOException {
        String broken = Files.readString(SOURCE).replace(DESCRIPTION, DESCRIPTION.replace("end),", "end)),"));
        assertThat(broken).isNotEqualTo(Files.readString(SOURCE));
        return broken;
    }

    /** Where the ')' too many is: its line and column in the file, and the route it is in. */
    private static String jqProblem() throws IOException {
        List<String> lines = jqError().lines().toList();
        int line = 1 + lines.indexOf(lines.stream().filter(l -> l.contains("end)),")).findFirst().orElseThrow());
        int column = lines.get(line - 1).indexOf("end)),") + 5;
        return LIVE + ":" + line + ":" + column + ": jq expression does not compile: Unexpected ')' at line ";
    }

    /** gitea.yaml with a tab where its repository mapper's route is indented. */
    private static String invalidYaml() throws IOException {
        String broken = Files.readString(SOURCE).replace("    id: gitea-map-repository\n", "    id: gitea-map-repository\n\tfrom: x\n");
        assertThat(broken).isNotEqualTo(Files.readString(SOURCE));
        return broken;
    }

    private static String yamlProblem() throws IOException {
        List<String> lines = invalidYaml().lines().toList();
        int line = 1 + lines.indexOf("\tfrom: x");
        return LIVE + ":" + line + ":1: not YAML: ";
    }
}
