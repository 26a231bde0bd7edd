package io.gitcollector.unit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.gitcollector.collect.RefusedSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A refused source file is its platform's reason for having no source until it loads, or is gone. */
class RefusedSourcesTest {

    @TempDir
    Path dir;

    @Test
    void aRefusedFileIsTheReasonOfItsPlatformsOnlyUntilItLoads() throws IOException {
        Path file = Files.writeString(dir.resolve("forge.yaml"), "broken");
        RefusedSources refused = new RefusedSources();
        refused.refuse(file, Set.of("forge"), List.of(file + ":3:1: not YAML: x", file + ":9: y"));

        assertThat(refused.reasonFor("forge")).contains(file + " was refused, none of its routes run: "
                + file + ":3:1: not YAML: x; " + file + ":9: y");
        assertThat(refused.reasonFor("github")).isEmpty();
        assertThat(refused.isRefused(file)).isTrue();

        refused.accept(file);

        assertThat(refused.reasonFor("forge")).isEmpty();
        assertThat(refused.isRefused(file)).isFalse();
    }

    @Test
    void aRefusedFileThatWasDeletedIsNoLongerAReason() throws IOException {
        Path file = Files.writeString(dir.resolve("forge.yaml"), "broken");
        RefusedSources refused = new RefusedSources();
        refused.refuse(file, Set.of("forge"), List.of(file + ":3:1: not YAML: x"));

        Files.delete(file);

        assertThat(refused.reasonFor("forge")).isEmpty();
    }
}
