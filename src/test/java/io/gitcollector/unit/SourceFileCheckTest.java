package io.gitcollector.unit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.gitcollector.collect.SourceFileCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
                .startsWith(file + ":14: collect:commits has unknown parameters [watermak]");
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
