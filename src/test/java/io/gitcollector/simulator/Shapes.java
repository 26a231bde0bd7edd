package io.gitcollector.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Real response objects of one platform (src/test/resources/api-shapes/&lt;platform&gt;, copied
 * byte-exact from the recorded and documented shapes; see SOURCES.md there), used as templates
 * for simulated data and as the input of the mapping tests.
 */
public final class Shapes {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private final String platform;
    /** Each file parsed once: a large seed builds objects by the hundred thousand, and pull.json alone is 30 KB. */
    private final Map<String, JsonNode> parsed = new ConcurrentHashMap<>();

    public Shapes(String platform) {
        this.platform = platform;
    }

    /** The first example object of an entity file, e.g. {@code commit} → commit.json[0]; a fresh copy each call. */
    public ObjectNode example(String entity) {
        return example(entity, 0);
    }

    /** Example {@code index} of an entity file; a fresh copy each call. */
    public ObjectNode example(String entity, int index) {
        return (ObjectNode) read(entity + ".json").get(index).deepCopy();
    }

    /** Every example object of an entity file. */
    public List<ObjectNode> examples(String entity) {
        List<ObjectNode> all = new ArrayList<>();
        read(entity + ".json").forEach(node -> all.add((ObjectNode) node.deepCopy()));
        return all;
    }

    /** A keyed object of errors.json / headers.json. */
    public JsonNode keyed(String file, String key) {
        JsonNode value = read(file + ".json").get(key);
        if (value == null) {
            throw new IllegalArgumentException("no key " + key + " in " + platform + "/" + file + ".json");
        }
        return value.deepCopy();
    }

    /** The parsed file, shared: callers copy what they hand out. */
    private JsonNode read(String file) {
        return parsed.computeIfAbsent(file, this::parse);
    }

    private JsonNode parse(String file) {
        try (InputStream in = Shapes.class.getResourceAsStream("/api-shapes/" + platform + "/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no shape " + platform + "/" + file);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
