package io.gitcollector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.model.UtcTimes;
import io.gitcollector.simulator.Shapes;
import io.gitcollector.support.CollectorIntegrationTest;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every source's mappers fed the real recorded and documented API objects (src/test/resources/api-shapes,
 * from ../shared/reference) and compared, field by field, with the normalized events written out in
 * src/test/resources/mappings/&lt;platform&gt;/&lt;case&gt;.json. The cases are listed in mappings/cases.csv.
 */
public class MappingTest extends CollectorIntegrationTest {

    private static final Path EXPECTED = Path.of("src/test/resources/mappings");

    @Autowired
    ProducerTemplate template;

    /**
     * One case: the example {@code entity[index]} of a platform's shapes ({@code *}: all of them as one
     * page, {@code {"values": [...]}}), narrowed by a JSON {@code pointer}, with {@code embed} set on it as
     * the engine's embed.&lt;field&gt; would ({@code field=entity} all examples, {@code field=entity[i]} one),
     * and the parent's data for a child resource's mapper.
     */
    @ParameterizedTest(name = "{0} {1}[{2}]{3} through {5}")
    @CsvFileSource(resources = "/mappings/cases.csv", numLinesToSkip = 1)
    void mapperTurnsTheRealObjectIntoTheNormalizedEvent(String platform, String entity, String index, String pointer,
                                                        String embed, String mapper, String parentJson,
                                                        String expectedName) throws IOException {
        check(template, platform, entity, index, pointer, embed, mapper, parentJson, expectedName);
    }

    /** Runs one case (a row of a cases CSV) through the mapper route and compares it with its expected file. */
    /** The repository a mapping case's item belongs to, as mappers see it (property "repository_url"), per platform. */
    private static final java.util.Map<String, String> REPOSITORY_URLS = java.util.Map.of(
            "gerrit", "https://review.example.com/platform/build",
            "bitbucket-server", "https://bitbucket.example.com/projects/PRJ/repos/my-repo");

    public static void check(ProducerTemplate template, String platform, String entity, String index, String pointer,
                             String embed, String mapper, String parentJson, String expectedName) throws IOException {
        Shapes shapes = new Shapes(platform);
        JsonNode item = index.equals("*") ? JSON.createObjectNode().set("values", JSON.valueToTree(shapes.examples(entity)))
                : shapes.example(entity, Integer.parseInt(index));
        if (pointer != null && !pointer.isBlank()) {
            item = item.at(pointer).deepCopy();
        }
        if (embed != null && !embed.isBlank()) {
            String field = embed.substring(0, embed.indexOf('='));
            String source = embed.substring(embed.indexOf('=') + 1);
            int bracket = source.indexOf('[');
            ((ObjectNode) item).set(field, bracket < 0 ? JSON.valueToTree(shapes.examples(source))
                    : shapes.example(source.substring(0, bracket), Integer.parseInt(source.substring(bracket + 1, source.length() - 1))));
        }
        Exchange exchange = new DefaultExchange(template.getCamelContext());
        if (parentJson != null && !parentJson.isBlank()) {
            exchange.setProperty("parent", parentJson); // as the engine sets it: the parent's data as JSON text
        }
        exchange.setProperty("repository_url", REPOSITORY_URLS.getOrDefault(platform, "https://example.com/owner/repo"));
        exchange.getIn().setBody(item);
        Exchange result = template.send(mapper, exchange);
        assertThat(result.getException()).as("mapper failed").isNull();
        JsonNode actual = result.getMessage().getBody(JsonNode.class);
        if (actual == null) {
            actual = com.fasterxml.jackson.databind.node.NullNode.getInstance(); // the mapper skipped the item
        } else if (!actual.isNull()) {
            for (JsonNode event : actual.isArray() ? actual : java.util.List.of(actual)) {
                UtcTimes.normalize((ObjectNode) event.get("data"));
            }
        }
        Path expectedFile = EXPECTED.resolve(platform).resolve(expectedName + ".json");
        if (Boolean.getBoolean("mappings.record") && !Files.exists(expectedFile)) {
            // Writes a first draft of a new case, to be checked by hand against the shape; never overwrites.
            Files.createDirectories(expectedFile.getParent());
            Files.writeString(expectedFile, JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(actual) + "\n");
        }
        JsonNode expected = JSON.readTree(expectedFile.toFile());
        assertThat(actual).as("%s %s[%s] → %s", platform, entity, index, mapper).isEqualTo(expected);
    }
}
