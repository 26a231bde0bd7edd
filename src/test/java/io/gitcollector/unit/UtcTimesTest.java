package io.gitcollector.unit;

import java.time.Instant;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gitcollector.model.UtcTimes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The formatter-free reading of {@code …Z} times agrees with java.time on every form, good or bad. */
class UtcTimesTest {

    @Test
    void everyFormReadsAsJavaTimeReadsIt() {
        for (String text : new String[] {"2024-02-29T23:59:59Z", "1999-12-31T00:00:00Z", "2026-12-07T10:15:30Z",
                "2024-05-01T12:00:00+02:00", "2024-05-01T12:00:00.123456+00:00", "2024-05-01T12:00:00.5Z"}) {
            assertThat(UtcTimes.parse(TextNode.valueOf(text))).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
    }

    @Test
    void whatIsNoTimeIsNull() {
        for (String text : new String[] {"2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z",
                "2024-01-01T00:00:60Z", "2024-01-01 00:00:00Z", "2024-01-0xT00:00:00Z", "yesterday", ""}) {
            assertThat(UtcTimes.parse(TextNode.valueOf(text))).as(text).isNull();
        }
    }

    @Test
    void normalizeWritesEveryTimeFieldInUtcAndLeavesTheRest() {
        ObjectNode data = new ObjectMapper().createObjectNode()
                .put("created_at", "2024-05-01T12:00:00+02:00").put("merged_at", "2024-05-01T10:00:00Z")
                .put("closed_at", "soon").put("title", "2024-05-01T12:00:00+02:00");
        UtcTimes.normalize(data);
        assertThat(data.get("created_at").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(data.get("merged_at").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(data.get("closed_at").asText()).isEqualTo("soon");
        assertThat(data.get("title").asText()).isEqualTo("2024-05-01T12:00:00+02:00");
        assertThat(Instant.parse(data.get("created_at").asText())).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    }

    @Test
    void everyTimeOfTheDataIsCutToTheSecondNestedOnesTooButNotTheRawObject() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode data = json.createObjectNode()
                .put("updated_at", "2024-05-01T12:00:00.123456+02:00").put("created_at", "2024-05-01T10:00:00.987Z");
        data.putObject("extra").put("finished_at", "2024-05-01T10:00:01.5Z");
        data.putArray("reviews").addObject().put("submitted_at", "2024-05-01T10:00:02.126000000Z");
        data.putObject("raw").put("updated_on", "2024-05-01T12:00:00.123456+02:00").put("created_at", "2024-05-01T10:00:00.987Z");
        UtcTimes.normalize(data);
        assertThat(data.get("updated_at").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(data.get("created_at").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(data.at("/extra/finished_at").asText()).isEqualTo("2024-05-01T10:00:01Z");
        assertThat(data.at("/reviews/0/submitted_at").asText()).isEqualTo("2024-05-01T10:00:02Z");
        assertThat(data.at("/raw/created_at").asText()).as("the platform's object as sent").isEqualTo("2024-05-01T10:00:00.987Z");
        assertThat(UtcTimes.format(Instant.parse("2024-05-01T10:00:00.999999Z"))).isEqualTo("2024-05-01T10:00:00Z");
    }

    @Test
    void aVersionTimeKeepsItsFractionSoTwoStatesWithinASecondAreTwoVersions() {
        ObjectMapper json = new ObjectMapper();
        assertThat(UtcTimes.exactText(json.getNodeFactory().textNode("2024-05-01T12:00:00.123+02:00"))).isEqualTo("2024-05-01T10:00:00.123Z");
        assertThat(UtcTimes.exactText(json.getNodeFactory().textNode("2024-05-01T12:00:00.900+02:00"))).isEqualTo("2024-05-01T10:00:00.900Z");
        assertThat(UtcTimes.exactText(json.getNodeFactory().textNode("2024-05-01T10:00:00Z"))).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(UtcTimes.exactText(json.getNodeFactory().textNode("0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"))).hasSize(40);
    }
}
