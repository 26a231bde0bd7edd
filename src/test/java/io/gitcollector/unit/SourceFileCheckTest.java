package io.gitcollector.unit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gitcollector.collect.SourceFileCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A wrong source is refused at load, whole, with the file, the line and what is wrong named; the shipped ones pass. */
class SourceFileCheckTest {

    private static final String SOURCE = """
            - route:
                id: forge-sync
                from:
                  uri: direct:sync-forge
                  steps:
                    - to:
                        uri: collect:commits
                        parameters:
                          path: /repos/{owner}/{repo}/commits
                          pagination: PAGINATION
                          mapper: direct:forge-map-commit
                          entity: commit
                          identity: sha
                          EXTRA: x
            - route:
                id: forge-map-commit
                from:
                  uri: direct:forge-map-commit
                  steps:
                    - transform:
                        jq: |
                          { event_type: "commit_created",
                            data: { sha: .sha JQ } }
            """;

    @TempDir
    Path dir;

    @Test
    void everyShippedAndTestSourcePasses() throws IOException {
        for (Path file : List.of(Path.of("routes"), Path.of("src/test/resources/test-sources"))) {
            try (var files = Files.list(file)) {
                files.filter(f -> f.toString().endsWith(".yaml"))
                        .forEach(f -> assertThat(SourceFileCheck.check(f)).as(f.toString()).isEmpty());
            }
        }
    }

    @Test
    void aMisspeltPaginationIsNamedWithItsFileAndLine() throws IOException {
        Path file = write("pagination: link-headers", "", "");

        assertThat(SourceFileCheck.check(file)).singleElement().asString()
                .startsWith(file + ":10: collect:commits: unknown pagination 'link-headers'");
    }

    @Test
    void anUnknownKeyIsNamedWithItsFileAndLine() throws IOException {
        Path file = write("pagination: link-header", "watermak: committed_at", "");

        assertThat(SourceFileCheck.check(file)).singleElement().asString()
                .startsWith(file + ":14: collect:commits has unknown parameters [watermak]")
                .endsWith(" [route forge-sync]");
    }

    @Test
    void aPlusInAParameterThatCamelWouldReadAsASpaceIsNamedWithItsFileAndLine() throws IOException {
        Path file = write("pagination: link-header", "nextOffset: '.offset + 1'", "");

        assertThat(SourceFileCheck.check(file)).singleElement().asString()
                .startsWith(file + ":14: collect:commits: nextOffset holds a '+', which Camel reads in an endpoint parameter as a space");
    }

    @Test
    void aJqExpressionThatDoesNotCompileIsNamedWithItsFileAndLine() throws IOException {
        Path file = write("pagination: link-header", "", "| ");

        assertThat(SourceFileCheck.check(file)).singleElement().asString()
                .startsWith(file + ":23:").contains("jq expression does not compile: Encountered");
    }

    @Test
    void aJqErrorIsNamedWithItsRouteItsLineAndColumnInTheFileAndItsPositionInTheExpression() throws IOException {
        Path file = write("pagination: link-header", "", "| ");

        // "data: { sha: .sha | } }": the '}' after the '|' is column 23 of the expression's line 2, and the block is
        // indented by 14 in the file.
        assertThat(SourceFileCheck.check(file)).singleElement().asString()
                .startsWith(file + ":23:37: jq expression does not compile: Encountered")
                .contains("(line 2, column 23 of the expression)")
                .endsWith(" [route forge-map-commit]");
    }

    @Test
    void aJqErrorInAShippedSourceIsPlacedAtTheTokenThatBreaksIt() throws IOException {
        String shipped = Files.readString(Path.of("routes/gitea.yaml"));
        String good = "description: (if .description == \"\" then null else .description end),";
        String broken = shipped.replace(good, good.replace("end),", "end)),"));
        Path file = dir.resolve("gitea.yaml");
        Files.writeString(file, broken);
        List<String> lines = broken.lines().toList();
        int line = 1 + lines.indexOf(lines.stream().filter(l -> l.contains("end)),")).findFirst().orElseThrow());
        int column = lines.get(line - 1).indexOf("end)),") + 5;
        // Its place in the expression: the block starts on the line after "jq: |", indented as that line is.
        int block = 1 + lines.subList(0, line).lastIndexOf(lines.subList(0, line).stream()
                .filter(l -> l.trim().equals("jq: |")).reduce((a, b) -> b).orElseThrow());
        String text = lines.get(block);
        String inExpression = "line " + (line - block) + ", column " + (column - (text.length() - text.stripLeading().length()));

        assertThat(SourceFileCheck.check(file)).containsExactly(file + ":" + line + ":" + column
                + ": jq expression does not compile: Unexpected ')' at " + inExpression + ". (" + inExpression
                + " of the expression) [route gitea-map-repository]");
    }

    @Test
    void yamlThatDoesNotParseIsNamedWithTheRouteWrittenAboveIt() throws IOException {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "- route:\n    id: forge-sync\n   from: [\n");

        assertThat(SourceFileCheck.check(file)).singleElement().asString()
                .startsWith(file + ":3:").contains("not YAML").endsWith(" [route forge-sync]");
    }

    @Test
    void aRefusedStartSaysEachProblemInAnErrorLineOfItsOwn() throws IOException {
        write("pagination: link-headers", "", "| ");
        Logger logger = (Logger) LoggerFactory.getLogger(SourceFileCheck.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            assertThatThrownBy(() -> new SourceFileCheck("file:" + dir + "/*.yaml")).isInstanceOf(IllegalStateException.class);
        } finally {
            logger.detachAppender(log);
        }

        Path file = dir.resolve("forge.yaml");
        assertThat(log.list).hasSize(2).allMatch(e -> e.getLevel() == Level.ERROR && e.getThrowableProxy() == null);
        assertThat(log.list.get(0).getFormattedMessage())
                .startsWith("Source refused: " + file + ":10: collect:commits: unknown pagination 'link-headers'")
                .endsWith(" [route forge-sync]");
        assertThat(log.list.get(1).getFormattedMessage())
                .startsWith("Source refused: " + file + ":23:37: jq expression does not compile: Encountered")
                .endsWith(" [route forge-map-commit]");
    }

    @Test
    void yamlThatDoesNotParseIsNamedWithItsLineAndColumn() throws IOException {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "- route:\n    id: x\n   from: [\n");

        assertThat(SourceFileCheck.check(file)).singleElement().asString().startsWith(file + ":3:").contains("not YAML");
    }

    @Test
    void theStartIsRefusedWholeWhenOneSourceIsWrong() throws IOException {
        write("pagination: link-headers", "", "");
        Files.writeString(dir.resolve("other.yaml"), "- route:\n    id: other\n    from:\n      uri: direct:other\n      steps: []\n");

        assertThatThrownBy(() -> new SourceFileCheck("file:" + dir + "/*.yaml"))
                .hasMessageContaining("A source is wrong; nothing was loaded")
                .hasMessageContaining("forge.yaml:10: collect:commits: unknown pagination 'link-headers'");
    }

    private Path write(String pagination, String extra, String jq) throws IOException {
        Path file = dir.resolve("forge.yaml");
        Files.writeString(file, SOURCE.replace("pagination: PAGINATION", pagination)
                .replace("EXTRA: x", extra.isEmpty() ? "" : extra).replace(" JQ", jq));
        return file;
    }
}
