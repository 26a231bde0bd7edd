package io.gitcollector.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import io.gitcollector.config.CollectorProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a request's body before any handler does, and only so much of it: a body over the limit
 * ({@code collector.security.max-request-body}, or {@code max-console-request-body} under /actuator) is
 * answered 413 without being held; a REST body that is not JSON in UTF-8 (a form, plain text, broken bytes)
 * is answered 400. Both are JSON errors, audited. It runs after the key check, so no one without a key makes
 * the service read a byte of a body.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class RequestBodyLimit extends OncePerRequestFilter {

    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final long apiLimit;
    private final long consoleLimit;
    private final long webhookLimit;
    private final RequestRefusal refusal;

    public RequestBodyLimit(CollectorProperties properties, RequestRefusal refusal) {
        this.apiLimit = properties.getSecurity().getMaxRequestBody().toBytes();
        this.consoleLimit = properties.getSecurity().getMaxConsoleRequestBody().toBytes();
        this.webhookLimit = properties.getWebhooks().getMaxBody().toBytes();
        this.refusal = refusal;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!WITH_BODY.contains(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String path = ContainerPath.of(request);
        boolean console = path.startsWith("/actuator/");
        boolean webhook = path.startsWith("/api/v1/webhooks/");
        long limit = console ? consoleLimit : webhook ? webhookLimit : apiLimit;
        String setting = console ? "collector.security.max-console-request-body"
                : webhook ? "collector.webhooks.max-body" : "collector.security.max-request-body";
        String tooLarge = "the request body is larger than " + limit + " bytes (" + setting + ")";
        if (request.getContentLengthLong() > limit) {
            refusal.refuse(request, response, 413, "payload_too_large", tooLarge);
            return;
        }
        byte[] body = read(request.getInputStream(), limit);
        if (body == null) {
            refusal.refuse(request, response, 413, "payload_too_large", tooLarge);
            return;
        }
        if (body.length > 0 && !console) {
            String wrongType = wrongContentType(request.getContentType());
            if (wrongType != null) {
                refusal.refuse(request, response, 400, "bad_request", wrongType);
                return;
            }
        }
        if (!utf8(body)) {
            refusal.refuse(request, response, 400, "bad_request", "the request body is not valid UTF-8");
            return;
        }
        chain.doFilter(new CachedBodyRequest(request, body), response);
    }

    /** @return the body, or null once it passes {@code limit} bytes (the rest is left unread) */
    private static byte[] read(InputStream in, long limit) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        return body.length > limit ? null : body;
    }

    /** @return why the content type is refused, or null for JSON in UTF-8 */
    private static String wrongContentType(String contentType) {
        String expected = "send the body as JSON with 'Content-Type: application/json'";
        if (contentType == null) {
            return "the request has a body but no Content-Type; " + expected;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            if (!type.isCompatibleWith(MediaType.APPLICATION_JSON) || type.isWildcardType() || type.isWildcardSubtype()) {
                return "the Content-Type " + type.getType() + "/" + type.getSubtype() + " is not accepted; " + expected;
            }
            if (type.getCharset() != null && !StandardCharsets.UTF_8.equals(type.getCharset())) {
                return "the charset " + type.getCharset().name() + " is not accepted; send UTF-8";
            }
            return null;
        } catch (IllegalArgumentException e) { // InvalidMediaTypeException, or an unknown charset
            return "the Content-Type is not a media type; " + expected;
        }
    }

    private static boolean utf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
