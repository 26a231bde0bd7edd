package io.gitcollector.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The collect: parameters are declared once, as Camel endpoint metadata, and that declaration is what is checked and documented. */
class ResourceEndpointMetadataTest {

    @Test
    void everyParameterIsDeclaredWithADescriptionAndTheEndpointNamesItsScheme() {
        assertThat(ResourceEndpoint.class.getAnnotation(UriEndpoint.class).scheme()).isEqualTo("collect");
        assertThat(Arrays.stream(ResourceEndpoint.class.getDeclaredFields()).filter(f -> f.isAnnotationPresent(UriParam.class)))
                .allSatisfy(f -> assertThat(f.getAnnotation(UriParam.class).description()).as(f.getName()).isNotBlank());
    }

    @Test
    void theParametersASourceMayGiveAreExactlyTheDeclaredOnes() {
        assertThat(ResourceSpec.PARAMETERS).contains("path", "nextOffset", "payload", "pageCount").doesNotContain("query", "pageInfo");
        assertThat(QuerySpec.PARAMETERS).contains("query", "pageInfo", "cursorVariable").doesNotContain("path");
        assertThat(ResourceEndpoint.prefixes().keySet())
                .containsExactlyInAnyOrder("query.", "queryList.", "embed.", "embedItems.", "variables.");
    }

    @Test
    void theReferenceInAddingASourceListsEveryDeclaredParameterAndNoOther() throws IOException {
        String doc = Files.readString(Path.of("docs/adding-a-source.md"));
        String reference = doc.substring(doc.indexOf("## Reference"));
        Set<String> documented = new TreeSet<>();
        Matcher name = Pattern.compile("`([^`]+)`").matcher("");
        reference.lines().filter(line -> line.startsWith("| `")).forEach(line -> {
            name.reset(line.split("\\|")[1]);
            while (name.find()) {
                documented.add(name.group(1).replaceAll("<[a-z]+>$", ""));
            }
        });
        Set<String> declared = new TreeSet<>(ResourceSpec.PARAMETERS);
        declared.addAll(QuerySpec.PARAMETERS);
        declared.addAll(ResourceEndpoint.prefixes().keySet());

        assertThat(documented).isEqualTo(declared);
    }
}
