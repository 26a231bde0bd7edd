package io.gitcollector.unit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.zip.GZIPOutputStream;

import com.sun.net.httpserver.HttpServer;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.http.ResponseSizeLimit;
import io.gitcollector.http.ResponseTooLargeException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The limit on platform answers, in an Apache HttpClient as camel-http builds it (decompression on). */
class ResponseSizeLimitTest {

    private static final int LIMIT = 1024;

    private HttpServer server;
    private volatile byte[] answer;
    private volatile boolean gzip;
    private volatile boolean declareLength;
    private CloseableHttpClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = gzip ? gzipped(answer) : answer;
                if (gzip) {
                    exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                }
                exchange.sendResponseHeaders(200, declareLength ? body.length : 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (IOException clientHungUp) {
                // expected when the answer is refused
            }
        });
        server.start();
        CollectorProperties properties = new CollectorProperties();
        properties.getHttp().setMaxResponseSize(DataSize.ofBytes(LIMIT));
        HttpClientBuilder builder = HttpClientBuilder.create().setConnectionManager(
                        PoolingHttpClientConnectionManagerBuilder.create().setMaxConnPerRoute(2).build())
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(Timeout.ofSeconds(5)).build());
        new ResponseSizeLimit(properties).configureHttpClient(builder);
        client = builder.build();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.stop(0);
    }

    @Test
    void anAnswerOfExactlyTheLimitIsReadWhole() throws IOException {
        answer = new byte[LIMIT];

        assertThat(get()).hasSize(LIMIT);
    }

    @Test
    void oneByteOverTheLimitIsRefusedNamingTheLimitAndTheSetting() {
        answer = new byte[LIMIT + 1];

        assertThatThrownBy(this::get).isInstanceOf(ResponseTooLargeException.class)
                .hasMessage("answered more than 1 KB (collector.http.max-response-size)");
    }

    @Test
    void aContentLengthOverTheLimitIsRefusedAndSaysSo() {
        answer = new byte[LIMIT * 4];
        declareLength = true;

        assertThatThrownBy(this::get).isInstanceOf(ResponseTooLargeException.class)
                .hasMessageContaining("answered more than 1 KB").hasMessageEndingWith("Content-Length 4096");
    }

    @Test
    void aCompressedAnswerCountsWhatItDecompressesTo() {
        answer = new byte[LIMIT * 100]; // zeros: ~100 bytes on the wire, 100 KB read
        gzip = true;

        assertThatThrownBy(this::get).isInstanceOf(ResponseTooLargeException.class);
    }

    @Test
    void aRefusedAnswerGivesItsConnectionBackToThePool() throws IOException {
        answer = new byte[LIMIT * 10];
        // More refusals than the pool has connections for the host: one kept would leave the last call waiting.
        for (int i = 0; i < 8; i++) {
            assertThatThrownBy(this::get).isInstanceOf(ResponseTooLargeException.class);
        }

        answer = "[]".getBytes();
        assertThat(get()).isEqualTo("[]".getBytes());
    }

    private byte[] get() throws IOException {
        return client.execute(new HttpGet("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                response -> EntityUtils.toByteArray(response.getEntity()));
    }

    private static byte[] gzipped(byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(body);
        }
        return bytes.toByteArray();
    }
}
