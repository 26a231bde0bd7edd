package io.gitcollector.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A platform's prefix before its JSON (Gerrit's XSSI guard) is skipped; without it, or with none set, JSON is JSON. */
class ApiResponseBodyPrefixTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void gerritsPrefixIsSkippedAndTheRestParsed() {
        ApiResponse answer = answer(")]}'\n[{\"id\":\"core~main~I8473b95934b5732ac55d26311a706c9c2bde9940\",\"_more_changes\":true}]");

        assertThat(answer.parseJson(JSON, ")]}'")).isTrue();
        assertThat(answer.json().get(0).path("_more_changes").asBoolean()).isTrue();
    }

    @Test
    void aBodyWithoutThePrefixStillParsesAndNoPrefixSetLeavesItAnError() {
        assertThat(answer("[1,2]").parseJson(JSON, ")]}'")).isTrue();
        assertThat(answer(")]}'\n[1,2]").parseJson(JSON, "")).as("the prefix is not JSON").isFalse();
    }

    private static ApiResponse answer(String body) {
        return new ApiResponse(URI.create("https://gerrit.example/a/changes/"), 200, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }
}
