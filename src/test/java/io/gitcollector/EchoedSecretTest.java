package io.gitcollector;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.simulator.SimulatedRepository;
import io.gitcollector.support.CollectorIntegrationTest;
import io.gitcollector.support.PrintedLog;
import io.gitcollector.support.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A misconfigured proxy in front of the API answers with the request it refused, the token among its
 * headers: the run fails with the platform's words, and the token is in no status, log line or topic.
 */
class EchoedSecretTest extends CollectorIntegrationTest {

    private PrintedLog log;

    @BeforeEach
    void captureLog() {
        log = PrintedLog.capture();
    }

    @AfterEach
    void stopCapture() {
        log.close();
    }

    @Test
    void aTokenEchoedInAJsonErrorIsRedactedFromTheStatusLogsAndTopics() throws Exception {
        SimulatedRepository repo = GITHUB.createRepository("echo", "json-proxy").seed(5, 1, 0);
        repo.faults().echoRequestNext(1000, 400, true);

        JsonNode status = collect(repo.url(), true);

        assertThat(status.path("status").asText()).isEqualTo("failed");
        assertThat(status.path("last_error").asText())
                .contains("HTTP 400").contains("upstream refused request").contains("Authorization: Bearer [REDACTED]")
                .doesNotContain(TOKEN);
        // The resource that failed says why in the progress too, redacted the same way.
        assertThat(status.path("progress").path("resources").path("repository").path("error").asText())
                .contains("Authorization: Bearer [REDACTED]");
        assertThat(status.toString()).doesNotContain(TOKEN);
        assertTokenNowhere();
    }

    @Test
    void aTokenEchoedInATextErrorIsRedactedFromTheStatusLogsAndTopics() throws Exception {
        SimulatedRepository repo = GITHUB.createRepository("echo", "text-proxy").seed(5, 1, 0);
        repo.faults().echoRequestNext(1000, 502, false);

        JsonNode status = collect(repo.url(), true);

        assertThat(status.path("status").asText()).isEqualTo("failed");
        assertThat(status.path("last_error").asText()).contains("HTTP 502").doesNotContain(TOKEN);
        assertTokenNowhere();
    }

    /** The backstop for text no call site redacted: whatever a log line says, the console prints it redacted. */
    @Test
    void aLogLineNamingATokenIsPrintedRedacted() {
        LoggerFactory.getLogger(EchoedSecretTest.class).warn("a message naming {}", TOKEN,
                new IllegalStateException("an exception naming " + TOKEN));

        List<String> printed = log.lines().stream().filter(l -> l.contains("a message naming")).toList();

        assertThat(printed).hasSize(1);
        assertThat(printed.get(0)).contains("a message naming [REDACTED]").contains("an exception naming [REDACTED]")
                .doesNotContain(TOKEN);
    }

    private void assertTokenNowhere() throws Exception {
        List<String> lines = log.lines();
        assertThat(lines).as("log lines during the run").isNotEmpty();
        assertThat(lines).noneMatch(line -> line.contains(TOKEN));
        for (String topic : topics()) {
            for (ConsumerRecord<String, String> record : TopicReader.records(INFRA.kafka.bootstrapServers(), topic)) {
                assertThat(record.value()).as("a record on " + topic).doesNotContain(TOKEN);
            }
        }
    }

    private static Set<String> topics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafka.bootstrapServers()))) {
            return admin.listTopics().names().get();
        }
    }
}
