package io.gitcollector.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Real GitHub response objects (src/test/resources/api-shapes/github, copied byte-exact from the
 * recorded and documented shapes; see SOURCES.md there), used as templates for simulated data.
 */
public final class GitHubShapes {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private GitHubShapes() {
    }

    /** The first example object of an entity file, e.g. {@code commit} → commit.json[0]; a fresh copy each call. */
    public static ObjectNode example(String entity) {
        return (ObjectNode) read(entity + ".json").get(0).deepCopy();
    }

    /** A keyed object of errors.json / headers.json. */
    public static JsonNode keyed(String file, String key) {
        return read(file + ".json").get(key).deepCopy();
    }

    private static JsonNode read(String file) {
        try (InputStream in = GitHubShapes.class.getResourceAsStream("/api-shapes/github/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no shape " + file);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
