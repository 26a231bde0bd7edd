package io.gitcollector.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Puts a source file into the running service's routes directory whole, as docs/adding-a-source.md tells
 * operators to: a file written in place is seen created (or truncated) and then modified, and the second
 * reload removes its routes for a moment while a job may need them ("no source for platform").
 */
public final class SourceFiles {

    private SourceFiles() {
    }

    public static void replace(Path live, String content) throws IOException {
        Path staged = Files.createTempFile(live.getParent().getParent(), live.getFileName().toString(), ".staged");
        Files.writeString(staged, content);
        Files.move(staged, live, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
