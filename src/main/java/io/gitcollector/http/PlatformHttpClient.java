package io.gitcollector.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.config.CollectorProperties.Platform;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * GETs a platform API URL through camel-http: adds the platform's auth and headers, refuses any
 * host but the platform's API host, and retries 5xx answers and failed connections with
 * exponential backoff and full jitter. Redirects are followed, on the API host only.
 */
@Component
public class PlatformHttpClient {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformHttpClient.class);
    private static final String ENDPOINT = "http:platform-api?throwExceptionOnFailure=false"
            + "&connectTimeout=10000&responseTimeout=60000&followRedirects=false";

    private static final java.util.Set<Integer> REDIRECTS = java.util.Set.of(301, 302, 307, 308);
    private static final int MAX_REDIRECTS = 5;

    private final ProducerTemplate template;
    private final ObjectMapper mapper;
    private final CollectorProperties.Http settings;

    public PlatformHttpClient(ProducerTemplate template, ObjectMapper mapper, CollectorProperties properties) {
        this.template = template;
        this.mapper = mapper;
        this.settings = properties.getHttp();
    }

    /** @return a 2xx response; anything else ends as a {@link PlatformApiException}. */
    public ApiResponse get(Platform platform, URI uri) {
        return get(platform, uri, null);
    }

    /**
     * A conditional GET: with {@code ifNoneMatch} set, a 304 Not Modified is an answer too (and on
     * GitHub costs no quota).
     */
    public ApiResponse get(Platform platform, URI uri, String ifNoneMatch) {
        requireApiHost(platform, uri);
        int attempts = Math.max(1, settings.getMaxAttempts());
        int redirects = 0;
        for (int attempt = 1; ; attempt++) {
            ApiResponse response;
            try {
                response = send(platform, uri, ifNoneMatch);
            } catch (RuntimeException e) {
                if (attempt >= attempts) {
                    throw new PlatformApiException("GET " + describe(uri) + " failed after " + attempt
                            + " attempts: " + rootMessage(e), e);
                }
                backoff(attempt, uri, "no answer (" + rootMessage(e) + ")");
                continue;
            }
            if (response.status() >= 200 && response.status() < 300
                    || response.status() == 304 && ifNoneMatch != null) {
                return response;
            }
            String location = response.header("Location");
            if (REDIRECTS.contains(response.status()) && location != null && redirects < MAX_REDIRECTS) {
                // A renamed or transferred repository answers 301 to its new address; follow it on the API host only.
                uri = uri.resolve(location);
                requireApiHost(platform, uri);
                redirects++;
                attempt--;
                continue;
            }
            if (response.status() >= 500 && attempt < attempts) {
                backoff(attempt, uri, "HTTP " + response.status());
                continue;
            }
            throw new PlatformApiException(response.status(), "GET " + describe(uri) + " answered HTTP "
                    + response.status() + errorMessage(response) + (attempt > 1 ? " after " + attempt + " attempts" : ""));
        }
    }

    private ApiResponse send(Platform platform, URI uri, String ifNoneMatch) {
        Exchange result = template.send(ENDPOINT, exchange -> {
            var in = exchange.getIn();
            in.setHeader(Exchange.HTTP_URI, uri.toString());
            in.setHeader(Exchange.HTTP_METHOD, "GET");
            in.setHeader("User-Agent", settings.getUserAgent());
            platform.getHeaders().forEach(in::setHeader);
            if (ifNoneMatch != null) {
                in.setHeader("If-None-Match", ifNoneMatch);
            }
            String token = platform.getToken();
            if (token != null && !token.isBlank()) {
                if (platform.isBasicAuthForUserPassword() && token.contains(":")) {
                    in.setHeader("Authorization", "Basic " + java.util.Base64.getEncoder()
                            .encodeToString(token.trim().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                } else {
                    in.setHeader(platform.getAuthHeader(), platform.getAuthPrefix() + token.trim());
                }
            }
        });
        if (result.getException() != null) {
            throw new PlatformApiException("GET " + describe(uri) + ": " + rootMessage(result.getException()),
                    result.getException());
        }
        var out = result.getMessage();
        Integer status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Map<String, Object> headers = new LinkedHashMap<>(out.getHeaders());
        byte[] body = out.getBody(byte[].class);
        return new ApiResponse(uri, status == null ? 0 : status, headers, body == null ? new byte[0] : body);
    }

    private static void requireApiHost(Platform platform, URI uri) {
        URI api = URI.create(platform.getApiUrl());
        if (!api.getScheme().equalsIgnoreCase(uri.getScheme()) || !api.getHost().equalsIgnoreCase(uri.getHost())
                || effectivePort(api) != effectivePort(uri)) {
            throw new PlatformApiException(0, "refused to call " + uri.getScheme() + "://" + uri.getHost()
                    + ": not the platform's API host " + api.getHost());
        }
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private void backoff(int attempt, URI uri, String reason) {
        long cap = Math.min(settings.getMaxBackoff().toMillis(),
                settings.getInitialBackoff().toMillis() * (1L << Math.min(attempt - 1, 20)));
        long wait = ThreadLocalRandom.current().nextLong(cap + 1);
        LOG.warn("GET {} got {}; retry {} of {} in {} ms", describe(uri), reason, attempt, settings.getMaxAttempts() - 1, wait);
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformApiException("interrupted while waiting to retry " + describe(uri), e);
        }
    }

    /** The platform's own words for the error, e.g. GitHub's {"message":"Not Found"}. */
    private String errorMessage(ApiResponse response) {
        try {
            JsonNode body = mapper.readTree(response.body());
            if (body != null && body.hasNonNull("message")) {
                return ": " + body.get("message").asText();
            }
            if (body != null && body.hasNonNull("error")) {
                JsonNode error = body.get("error");
                return ": " + (error.isTextual() ? error.asText() : error.path("message").asText(error.toString()));
            }
        } catch (Exception ignored) {
            // not JSON: the status says enough
        }
        return "";
    }

    static String describe(URI uri) {
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
