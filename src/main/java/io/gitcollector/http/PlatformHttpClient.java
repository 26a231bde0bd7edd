package io.gitcollector.http;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.config.CollectorProperties.Platform;
import io.gitcollector.model.AttemptOutcome;
import io.gitcollector.secrets.SecretRedactor;
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
    // The body is read within collector.http.max-response-size by ResponseSizeLimit, inside the HTTP client, and
    // handed over as bytes: no stream cache to copy it into once more.
    private static final String ENDPOINT = "http:platform-api?throwExceptionOnFailure=false"
            + "&connectTimeout=10000&responseTimeout=60000&followRedirects=false"
            + "&disableStreamCache=true&httpClientConfigurer=#" + ResponseSizeLimit.BEAN;

    private static final java.util.Set<Integer> REDIRECTS = java.util.Set.of(301, 302, 307, 308);
    private static final int MAX_REDIRECTS = 5;

    private final ProducerTemplate template;
    private final ObjectMapper mapper;
    private final CollectorProperties.Http settings;
    private final HostCircuitBreakers breakers;
    private final HostConcurrency concurrency;
    private final SecretRedactor redactor;

    public PlatformHttpClient(ProducerTemplate template, ObjectMapper mapper, CollectorProperties properties,
                              HostCircuitBreakers breakers, HostConcurrency concurrency, SecretRedactor redactor) {
        this.concurrency = concurrency;
        this.template = template;
        this.mapper = mapper;
        this.settings = properties.getHttp();
        this.breakers = breakers;
        this.redactor = redactor;
    }

    /**
     * One GET with {@code token}, conditional when {@code ifNoneMatch} is set (a 304 is then an answer
     * too, and on GitHub costs no quota). 5xx, 408, failed connections and bodies that are not whole
     * JSON are retried with exponential backoff and full jitter, at most {@code max-attempts} times and
     * for at most {@code max-retry-time}. A spent quota or a request to slow down ends as a
     * {@link RateLimitedException} saying when to go on; other 4xx, and an answer over {@code max-response-size}
     * (never read past it), as a {@link PlatformApiException}. Each attempt's outcome goes to {@code outcomes}
     * as it is known (the caller counts them).
     */
    public ApiResponse get(Platform platform, String token, URI uri, String ifNoneMatch,
                           Consumer<AttemptOutcome> outcomes) {
        return exchange(platform, token, uri, null, ifNoneMatch, java.util.Set.of(), outcomes);
    }

    /**
     * One POST of {@code body} (JSON), retried and judged as a GET is; redirects are not followed (a POST would
     * have to be re-sent). An answer with a status in {@code answeredAsIs} is not retried but ends at once as a
     * {@link PlatformApiException}: the caller asks differently (a smaller page after a gateway timeout).
     */
    public ApiResponse post(Platform platform, String token, URI uri, byte[] body, java.util.Set<Integer> answeredAsIs,
                            Consumer<AttemptOutcome> outcomes) {
        return exchange(platform, token, uri, body, null, answeredAsIs, outcomes);
    }

    private ApiResponse exchange(Platform platform, String token, URI uri, byte[] body, String ifNoneMatch,
                                 java.util.Set<Integer> answeredAsIs, Consumer<AttemptOutcome> outcomes) {
        String method = body == null ? "GET" : "POST";
        requireApiHost(platform, uri);
        int attempts = Math.max(1, settings.getMaxAttempts());
        long deadline = System.nanoTime() + settings.getMaxRetryTime().toNanos();
        int redirects = 0;
        for (int attempt = 1; ; attempt++) {
            boolean mayRetry = attempt < attempts && System.nanoTime() < deadline;
            ApiResponse response;
            try {
                URI target = uri;
                response = breakers.call(target, () -> concurrency.call(target, () -> send(platform, token, target, body, ifNoneMatch)));
            } catch (CircuitOpenException e) {
                outcomes.accept(AttemptOutcome.CIRCUIT_OPEN);
                throw e;
            } catch (RuntimeException e) {
                if (ResponseTooLargeException.in(e) != null) {
                    outcomes.accept(AttemptOutcome.TOO_LARGE);
                    throw e; // the same request would get the same answer: not retried
                }
                outcomes.accept(AttemptOutcome.IO);
                if (!mayRetry) {
                    throw new PlatformApiException(method + " " + describe(uri) + " failed after " + attempt
                            + " attempts: " + rootMessage(e), e);
                }
                backoff(attempt, uri, "no answer (" + rootMessage(e) + ")");
                continue;
            }
            int status = response.status();
            if (status >= 200 && status < 300 || status == 304 && ifNoneMatch != null) {
                // An empty 200 is a cut answer (a list page with no items is "[]"): retried like one.
                if (status == 304 || status == 204 || response.parseJson(mapper, platform.getBodyPrefix())) {
                    outcomes.accept(AttemptOutcome.SUCCESS);
                    return response;
                }
                outcomes.accept(AttemptOutcome.INVALID_BODY);
                if (!mayRetry) {
                    throw new PlatformApiException(status, method + " " + describe(uri) + " answered a body that is not whole JSON after "
                            + attempt + " attempts");
                }
                backoff(attempt, uri, "a body that is not whole JSON (" + response.body().length + " bytes)");
                continue;
            }
            String location = response.header("Location");
            if (REDIRECTS.contains(status) && location != null && redirects < MAX_REDIRECTS && body == null) {
                outcomes.accept(AttemptOutcome.SUCCESS);
                // A renamed or transferred repository answers 301 to its new address; follow it on the API host only.
                uri = uri.resolve(location);
                requireApiHost(platform, uri);
                redirects++;
                attempt--;
                continue;
            }
            RateLimitedException limited = rateLimited(platform, uri, response);
            if (limited != null) {
                outcomes.accept(AttemptOutcome.RATE_LIMITED);
                throw limited;
            }
            outcomes.accept(AttemptOutcome.ofErrorStatus(status));
            if ((status >= 500 || status == 408) && mayRetry && !answeredAsIs.contains(status)) {
                backoff(attempt, uri, "HTTP " + status);
                continue;
            }
            throw new PlatformApiException(status, method + " " + describe(uri) + " answered HTTP "
                    + status + errorMessage(response) + (attempt > 1 ? " after " + attempt + " attempts" : ""));
        }
    }

    /**
     * 429, or 403 with no requests left or a Retry-After (GitHub's primary and secondary limits), is
     * the platform saying when calls may go on: Retry-After seconds, else the reset header's epoch.
     */
    private RateLimitedException rateLimited(Platform platform, URI uri, ApiResponse response) {
        int status = response.status();
        String retryAfter = response.header("Retry-After");
        Long remaining = response.longHeader(platform.getRateLimitRemainingHeader());
        boolean secondary = status == 403 && new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)
                .toLowerCase(java.util.Locale.ROOT).contains("secondary rate limit"); // GitHub may send no header with it
        if (status != 429 && !(status == 403 && (retryAfter != null || remaining != null && remaining == 0 || secondary))) {
            return null;
        }
        Instant now = Instant.now();
        Instant at = null;
        if (retryAfter != null) {
            try {
                at = now.plusSeconds(Long.parseLong(retryAfter.trim()));
            } catch (NumberFormatException e) {
                at = null; // an HTTP date: the reset header or the default below
            }
        }
        Long reset = response.longHeader(platform.getRateLimitResetHeader());
        if (at == null && reset != null) {
            at = reset > 1_000_000_000L ? Instant.ofEpochSecond(reset) : now.plusSeconds(reset);
        }
        if (at == null || at.isBefore(now)) {
            at = now.plus(settings.getDefaultRetryAfter());
        } else if (at.isBefore(now.plusSeconds(1))) {
            at = now.plusSeconds(1); // "Retry-After: 0" must not turn into a loop of calls
        }
        return new RateLimitedException(status, at, "GET " + describe(uri) + " answered HTTP " + status
                + errorMessage(response) + "; calls may go on at " + at);
    }

    private ApiResponse send(Platform platform, String token, URI uri, byte[] request, String ifNoneMatch) {
        long started = System.nanoTime();
        Exchange result = template.send(ENDPOINT, exchange -> {
            var in = exchange.getIn();
            in.setHeader(Exchange.HTTP_URI, uri.toString());
            in.setHeader(Exchange.HTTP_METHOD, request == null ? "GET" : "POST");
            if (request != null) {
                in.setHeader(Exchange.CONTENT_TYPE, "application/json");
                in.setBody(request);
            }
            in.setHeader("User-Agent", settings.getUserAgent());
            platform.getHeaders().forEach(in::setHeader);
            if (ifNoneMatch != null) {
                in.setHeader("If-None-Match", ifNoneMatch);
            }
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
            ResponseTooLargeException tooLarge = ResponseTooLargeException.in(result.getException());
            if (tooLarge != null) {
                throw new PlatformApiException(tooLarge.status(), "GET " + describe(uri) + " " + tooLarge.getMessage(), tooLarge);
            }
            throw new PlatformApiException("GET " + describe(uri) + ": " + rootMessage(result.getException()),
                    result.getException());
        }
        var out = result.getMessage();
        Integer status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Map<String, Object> headers = new LinkedHashMap<>(out.getHeaders());
        byte[] body = bodyOf(out);
        ApiResponse response = new ApiResponse(uri, status == null ? 0 : status, headers, body);
        if (LOG.isDebugEnabled()) {
            logSummary(platform, uri, ifNoneMatch != null, response, (System.nanoTime() - started) / 1_000_000);
        }
        return response;
    }

    /** The bytes ResponseSizeLimit read, as one array (readAllBytes of its in-memory stream copies them once). */
    private static byte[] bodyOf(org.apache.camel.Message out) {
        java.io.InputStream in = out.getBody(java.io.InputStream.class);
        if (in == null) {
            return new byte[0];
        }
        try (in) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new PlatformApiException("could not read an answer's body: " + e.getMessage(), e);
        }
    }

    /** The request's summary, never its headers (the token is one of them). */
    private static void logSummary(Platform platform, URI uri, boolean conditional, ApiResponse response, long millis) {
        Long remaining = response.longHeader(platform.getRateLimitRemainingHeader());
        LOG.atDebug().addKeyValue("http.method", "GET").addKeyValue("http.status", response.status())
                .addKeyValue("http.duration_ms", millis).addKeyValue("http.response_bytes", response.body().length)
                .addKeyValue("rate_limit.remaining", remaining)
                .log("GET {} {}-> {} in {} ms, {} bytes, {} calls left", describe(uri), conditional ? "(conditional) " : "",
                        response.status(), millis, response.body().length, remaining);
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

    /**
     * The platform's own words for the error, e.g. GitHub's {"message":"Not Found"}, without our secrets:
     * a proxy in front of the API may echo the request, its credentials included.
     */
    private String errorMessage(ApiResponse response) {
        try {
            JsonNode body = mapper.readTree(response.body());
            if (body != null && body.hasNonNull("message")) {
                return ": " + redactor.redact(body.get("message").asText());
            }
            if (body != null && body.hasNonNull("error")) {
                JsonNode error = body.get("error");
                return ": " + redactor.redact(error.isTextual() ? error.asText() : error.path("message").asText(error.toString()));
            }
        } catch (Exception ignored) {
            // not JSON: the status says enough
        }
        return "";
    }

    static String describe(URI uri) {
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** The innermost cause's words, without our secrets (a client library may quote the request it sent). */
    private String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + redactor.redact(root.getMessage()));
    }
}
