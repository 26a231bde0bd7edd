package io.gitcollector.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

import io.gitcollector.GitCollectorApplication;
import io.gitcollector.support.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole application started as a user starts it, in each combination of embedded and external Kafka and
 * Redis, without API keys: authentication is off only when both are embedded, and that run is for this
 * machine alone (loopback, no console, only local Host names). An IT, in failsafe's JVM: each start is a whole
 * application (an embedded broker and redis-server among it) that would otherwise share the suite's heap, and
 * re-initialise its logging.
 */
class AuthenticationModeIT {

    private static Map<String, Object> withoutKeys() throws IOException {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("collector.data-dir", Files.createTempDirectory("auth-mode").toString());
        properties.put("collector.kafka.embedded-port", "0");
        properties.put("collector.security.keys", "");
        properties.put("collector.security.keys-file", "");
        properties.put("collector.security.enabled", "auto");
        properties.put("camel.main.routes-reload-enabled", "false");
        // Another application shares this JVM's MBean server (the integration tests' context).
        properties.put("camel.main.jmx-enabled", "false");
        properties.put("spring.jmx.unique-names", "true");
        return properties;
    }

    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        // As command-line arguments: they win over application.yaml, as a user's environment does.
        return new SpringApplicationBuilder(GitCollectorApplication.class).run(properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    @Test
    void aLocalRunWithoutKeysListensOnLoopbackWithoutTheConsoleAndAnswersOnlyLocalHostNames() throws Exception {
        try (ConfigurableApplicationContext context = start(withoutKeys())) {
            TomcatWebServer server = (TomcatWebServer) ((ServletWebServerApplicationContext) context).getWebServer();
            Object address = server.getTomcat().getConnector().getProperty("address");
            assertThat(address).isInstanceOf(InetAddress.class);
            assertThat(((InetAddress) address).getHostAddress()).isEqualTo("127.0.0.1");
            int port = server.getPort();

            assertThat(statusLine(port, "GET", "/health", "localhost")).contains(" 200 ");
            assertThat(statusLine(port, "GET", "/api/v1/collect/status/repo-0000000000000000", "127.0.0.1:" + port)).contains(" 404 ");
            // Jolokia and Hawtio are not there at all, whatever the method.
            assertThat(statusLine(port, "POST", "/actuator/jolokia", "localhost")).contains(" 404 ");
            assertThat(statusLine(port, "GET", "/actuator/jolokia/version", "localhost")).contains(" 404 ");
            assertThat(statusLine(port, "GET", "/actuator/hawtio/", "localhost")).contains(" 404 ");
            // A DNS-rebinding page sends its own name.
            assertThat(statusLine(port, "GET", "/api/v1/collect/status/repo-0000000000000000", "rebind.evil.example:" + port))
                    .contains(" 403 ");
            assertThat(statusLine(port, "POST", "/api/v1/collect/trigger", "rebind.evil.example")).contains(" 403 ");
        }
    }

    @Test
    void embeddedKafkaWithAnExternalRedisAndNoKeysDoesNotStartWithAuthenticationOff() throws Exception {
        Map<String, Object> properties = withoutKeys();
        properties.put("collector.redis.url", TestInfrastructure.shared().redis.url());

        assertThatThrownBy(() -> start(properties).close()).rootCause()
                .hasMessageContaining("no API key is configured, and with an external Kafka or Redis this is not a local run");
    }

    @Test
    void anExternalKafkaWithEmbeddedRedisAndNoKeysDoesNotStartWithAuthenticationOff() throws Exception {
        Map<String, Object> properties = withoutKeys();
        properties.put("collector.kafka.brokers", TestInfrastructure.shared().kafka.bootstrapServers());

        assertThatThrownBy(() -> start(properties).close()).rootCause()
                .hasMessageContaining("no API key is configured, and with an external Kafka or Redis this is not a local run");
    }

    /** One request over a plain socket: the JDK's HTTP client will not send a Host header of our choosing. */
    private static String statusLine(int port, String method, String path, String host) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            String body = method.equals("POST") ? "{}" : "";
            String request = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + (body.isEmpty() ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n")
                    + "\r\n" + body;
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.lines().findFirst().orElse("") + " ";
        }
    }
}
