package io.gitcollector.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.gitcollector.config.CollectorProperties;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Reads every platform answer inside the HTTP client, at most {@code collector.http.max-response-size}:
 * an answer whose Content-Length is larger is refused unread, one that streams past the limit is stopped
 * there, and either way its connection is closed, never drained (an endless answer would hold the thread).
 * <p>
 * Why here and not on the body camel-http hands back: with {@code disableStreamCache} camel-http 4.17 gives
 * the raw stream, but consumes it (reads it to its end) when the exchange's unit of work ends, which for a
 * ProducerTemplate is before {@code send} returns; and with transparent decompression the stream is a
 * decompressing wrapper that cannot abort its connection. Only the exec chain holds the connection.
 */
@Component(ResponseSizeLimit.BEAN)
public class ResponseSizeLimit implements HttpClientConfigurer, ExecChainHandler {

    /** The bean's name, for {@code httpClientConfigurer=#...} on the endpoint. */
    public static final String BEAN = "platformResponseSizeLimit";
    static final String SETTING = "collector.http.max-response-size";
    private static final int CHUNK = 64 * 1024;

    private final int limit;
    private final String described;

    public ResponseSizeLimit(CollectorProperties properties) {
        DataSize size = properties.getHttp().getMaxResponseSize();
        // A body within the limit becomes one array.
        if (size == null || size.toBytes() < 1 || size.toBytes() >= Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(SETTING + " must be between 1B and 2047MB, was " + size);
        }
        this.limit = (int) size.toBytes();
        this.described = describe(size);
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        // First: outermost in the chain, so the entity seen is the one the caller reads (decompressed).
        builder.addExecInterceptorFirst("response-size-limit", this);
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        ClassicHttpResponse response = chain.proceed(request, scope);
        HttpEntity entity = response.getEntity();
        if (entity == null || !entity.isStreaming()) {
            return response;
        }
        try {
            long declared = entity.getContentLength();
            if (declared > limit) {
                throw tooLarge(response, ": Content-Length " + declared);
            }
            InputStream in = entity.getContent();
            byte[] body = in == null ? new byte[0] : readWithinLimit(in, response);
            if (in != null) {
                in.close(); // read to its end: this releases the connection to the pool
            }
            response.setEntity(new ByteArrayEntity(body, ContentType.parseLenient(entity.getContentType()),
                    entity.getContentEncoding()));
            return response;
        } catch (IOException | RuntimeException e) {
            // Closes the connection at once; closing the stream instead would read the rest of the answer.
            scope.execRuntime.discardEndpoint();
            throw e;
        }
    }

    /**
     * The whole body, read in chunks so that no more than the limit is ever held (and once more while the
     * chunks become one array). Throws as soon as one byte past the limit arrives; the stream is left unclosed.
     */
    private byte[] readWithinLimit(InputStream in, ClassicHttpResponse response) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        long total = 0;
        while (true) {
            // Never more than one byte past the limit: that byte is the proof, and the rest stays unread.
            int wanted = (int) Math.min(CHUNK, limit + 1L - total);
            byte[] chunk = new byte[wanted];
            int n = in.readNBytes(chunk, 0, wanted);
            total += n;
            if (total > limit) {
                throw tooLarge(response, "");
            }
            if (n > 0) {
                chunks.add(n == wanted ? chunk : Arrays.copyOf(chunk, n));
            }
            if (n < wanted) {
                break;
            }
        }
        byte[] body = new byte[(int) total];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, body, at, chunk.length);
            at += chunk.length;
        }
        return body;
    }

    private ResponseTooLargeException tooLarge(ClassicHttpResponse response, String detail) {
        return new ResponseTooLargeException(response.getCode(), "answered more than " + described + " (" + SETTING + ")" + detail);
    }

    /** 64 MB, 512 KB, 1000 bytes: as the setting is usually written. */
    static String describe(DataSize size) {
        long bytes = size.toBytes();
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " bytes";
    }
}
