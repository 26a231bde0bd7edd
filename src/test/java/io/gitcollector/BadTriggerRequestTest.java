package io.gitcollector;

import java.net.http.HttpResponse;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.support.CollectorIntegrationTest;
import io.gitcollector.support.TopicReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class BadTriggerRequestTest extends CollectorIntegrationTest {

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("not JSON", "{\"repository_url\": ", "not valid JSON"),
                Arguments.of("empty body", "", "body is empty"),
                Arguments.of("JSON array", "[\"https://github.com/a/b\"]", "must be a JSON object"),
                Arguments.of("missing URL", "{\"full_sync\": true}", "repository_url is required"),
                Arguments.of("empty URL", "{\"repository_url\": \"  \"}", "must not be empty"),
                Arguments.of("URL of wrong type", "{\"repository_url\": 42}", "must be a string"),
                Arguments.of("full_sync of wrong type", "{\"repository_url\": \"https://github.com/a/b\", \"full_sync\": \"yes\"}", "full_sync must be true or false"),
                Arguments.of("unknown field", "{\"repository_url\": \"https://github.com/a/b\", \"branch\": \"main\"}", "unknown field 'branch'"),
                Arguments.of("not a URL", "{\"repository_url\": \"not a url\"}", "is not a valid URL"),
                Arguments.of("relative reference", "{\"repository_url\": \"github.com/a/b\"}", "must be an http(s) URL"),
                Arguments.of("other scheme", "{\"repository_url\": \"ftp://github.com/a/b\"}", "must be an http(s) URL"),
                Arguments.of("unconfigured host", "{\"repository_url\": \"https://evil.example.com/a/b\"}", "'evil.example.com' is not a configured platform"),
                Arguments.of("owner only", "{\"repository_url\": \"https://github.com/octocat\"}", "does not name a repository"),
                Arguments.of("deeper path", "{\"repository_url\": \"https://github.com/octocat/hello/tree/main\"}", "does not name a repository"),
                Arguments.of("credentials", "{\"repository_url\": \"https://user:pw@github.com/a/b\"}", "must not contain credentials"),
                Arguments.of("trailing content", "{\"repository_url\": \"https://github.com/a/b\"} {}", "not valid JSON"),
                Arguments.of("repeated field", "{\"repository_url\": \"https://github.com/a/b\", \"repository_url\": \"https://github.com/c/d\"}", "not valid JSON"),
                Arguments.of("dot segments", "{\"repository_url\": \"https://github.com/../user\"}", "'..'"),
                Arguments.of("query", "{\"repository_url\": \"https://github.com/a/b?tab=readme\"}", "must not have a query"),
                Arguments.of("since not a time", "{\"repository_url\": \"https://github.com/a/b\", \"since\": \"yesterday\"}", "since must be an ISO-8601 time with an offset"),
                Arguments.of("until without offset", "{\"repository_url\": \"https://github.com/a/b\", \"until\": \"2024-05-01T00:00:00\"}", "until must be an ISO-8601 time with an offset"),
                Arguments.of("since after until", "{\"repository_url\": \"https://github.com/a/b\", \"since\": \"2024-05-02T00:00:00Z\", \"until\": \"2024-05-01T00:00:00Z\"}", "since must be before until"),
                Arguments.of("since with full_sync", "{\"repository_url\": \"https://github.com/a/b\", \"full_sync\": true, \"since\": \"2024-05-01T00:00:00Z\"}", "give one of them"),
                Arguments.of("resources empty", "{\"repository_url\": \"https://github.com/a/b\", \"resources\": []}", "resources must be a list of 1 to 50"),
                Arguments.of("resources not names", "{\"repository_url\": \"https://github.com/a/b\", \"resources\": [\"issues\", 3]}", "resources must hold resource names"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badTriggerIsRejectedWith400AndQueuesNothing(String name, String body, String reason) {
        int jobsBefore = TopicReader.records(INFRA.kafka.bootstrapServers(), "git.collect.jobs").size();

        HttpResponse<String> response = post("/api/v1/collect/trigger", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode error = json(response);
        assertThat(error.path("error").asText()).isEqualTo("bad_request");
        assertThat(error.path("message").asText()).contains(reason);
        assertThat(TopicReader.records(INFRA.kafka.bootstrapServers(), "git.collect.jobs")).hasSize(jobsBefore);
        assertThat(get("/api/v1/collect/status?repository_url=https://github.com/a/b").statusCode()).isEqualTo(404);
    }
}
