package io.gitcollector.collect;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.appauth.InstallationTokens;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.http.ApiResponse;
import io.gitcollector.http.PlatformApiException;
import io.gitcollector.http.PlatformHttpClient;
import io.gitcollector.http.RateLimitedException;
import io.gitcollector.http.TokenPool;
import io.gitcollector.metrics.CollectorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every API call of a run: takes the token with the most quota left, waits for a reset rather than
 * spending the last calls of every token (or when the platform says the quota is spent or asks to
 * slow down), drops a refused token from the pool and goes on with the others, and counts the call.
 * A GitHub App's installation token for the repository's owner is one of the pool's tokens.
 */
@Component
class ApiCalls {

    private static final Logger LOG = LoggerFactory.getLogger(ApiCalls.class);
    /** A wait renews the run's lock at least this often. */
    private static final Duration WAIT_SLICE = Duration.ofSeconds(5);

    private final PlatformHttpClient http;
    private final TokenPool tokens;
    private final RateLimitRecorder rateLimits;
    private final CollectorProperties.Http settings;
    private final CollectorMetrics metrics;
    private final InstallationTokens installationTokens;

    ApiCalls(PlatformHttpClient http, TokenPool tokens, RateLimitRecorder rateLimits, CollectorProperties properties,
             CollectorMetrics metrics, InstallationTokens installationTokens) {
        this.metrics = metrics;
        this.installationTokens = installationTokens;
        this.http = http;
        this.tokens = tokens;
        this.rateLimits = rateLimits;
        this.settings = properties.getHttp();
    }

    ApiResponse get(JobContext context, String resource, URI uri, String ifNoneMatch) {
        String platformName = context.job().platform();
        return call(context, resource, platformName, (token, outcomes) ->
                http.get(context.platform(), token, uri, ifNoneMatch, outcomes));
    }

    /**
     * One page of a query resource: POSTs {@code body}, with the tokens' budget named by the source's {@code quota}
     * (a platform may count query points apart from calls). An answer whose errors say the quota is spent waits
     * like a rate-limited call; one the source marks as too much at once comes back as {@link QueryAnswer#tooLarge}.
     * The points the answer says it cost are counted.
     */
    QueryAnswer query(JobContext context, String resource, URI uri, ObjectNode body, QuerySpec query) {
        String budget = query.quota().isEmpty() ? context.job().platform() : context.job().platform() + ":" + query.quota();
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        return call(context, resource, budget, (token, outcomes) -> {
            ApiResponse response;
            try {
                response = http.post(context.platform(), token, uri, bytes, query.shrinkOnStatus(), outcomes);
            } catch (PlatformApiException e) {
                if (query.shrinkOnStatus().contains(e.status())) {
                    return QueryAnswer.tooLarge(e.status(), "HTTP " + e.status());
                }
                throw e;
            }
            JsonNode errors = response.json().at(query.errors());
            if (errors.isArray() && !errors.isEmpty()) {
                QueryAnswer answer = answerToErrors(context.platform().getRateLimitResetHeader(), response, uri, errors, query);
                if (answer != null) {
                    return answer;
                }
            }
            if (query.cost() != null) {
                JsonNode cost = response.json().at(query.cost());
                if (cost.isNumber()) {
                    context.progress().points(cost.asLong());
                }
            }
            return QueryAnswer.of(response);
        });
    }

    /**
     * Errors beside (or instead of) data: the quota spent is a rate limit, a timeout the source names is a page
     * too large; any other error fails the page when the answer holds no page, and is logged when it does.
     */
    private QueryAnswer answerToErrors(String resetHeader, ApiResponse response, URI uri, JsonNode errors, QuerySpec query) {
        List<String> messages = new java.util.ArrayList<>();
        for (JsonNode error : errors) {
            String type = error.path("type").asText("");
            String message = error.path("message").asText("");
            if (query.rateLimitedErrors().contains(type)) {
                Long reset = response.longHeader(resetHeader);
                java.time.Instant at = reset != null && reset > 1_000_000_000L ? java.time.Instant.ofEpochSecond(reset)
                        : java.time.Instant.now().plus(settings.getDefaultRetryAfter());
                throw new RateLimitedException(response.status(), at, "POST " + uri.getRawPath() + " answered " + type
                        + ": " + message + "; calls may go on at " + at);
            }
            for (String timeout : query.shrinkOnError()) {
                if (message.toLowerCase(java.util.Locale.ROOT).contains(timeout.toLowerCase(java.util.Locale.ROOT))) {
                    return QueryAnswer.tooLarge(response.status(), message);
                }
            }
            messages.add((type.isEmpty() ? "" : type + ": ") + message);
        }
        JsonNode page = response.json().at(query.pageInfo());
        if (page.isMissingNode() || page.isNull()) {
            throw new PlatformApiException(response.status(), "POST " + uri.getRawPath() + " answered errors: "
                    + String.join("; ", messages));
        }
        LOG.warn("POST {} answered a page with errors beside it: {}", uri.getRawPath(), String.join("; ", messages));
        return null;
    }

    /** One API call's attempt with a token; the outcomes of its tries go to the metrics. */
    private interface Attempt<T> {
        T send(String token, java.util.function.Consumer<io.gitcollector.model.AttemptOutcome> outcomes);
    }

    /**
     * Takes the token with the most of {@code budget} left, waits for a reset rather than spending the last calls
     * of every token (or when the platform says the quota is spent), drops a refused token and goes on with the
     * others, and counts the call.
     */
    private <T> T call(JobContext context, String resource, String budget, Attempt<T> attempt) {
        String platformName = context.job().platform();
        var platform = context.platform();
        boolean authenticated = TokenPool.authenticated(platform);
        boolean replacedRefused = false;
        while (true) {
            List<TokenPool.Budget> budgets = tokens.budgets(budget, platform, installationToken(context));
            Optional<Instant> spent = TokenPool.spentUntil(budgets, settings.getRateLimitReserve());
            if (spent.isPresent()) {
                await(context, spent.get(), "the quota of every " + platformName + " token is (nearly) spent");
                budgets = tokens.budgets(budget, platform, installationToken(context));
            }
            String token = TokenPool.choose(budgets).orElse(null);
            if (authenticated && token == null) {
                throw new PlatformApiException(401, "every " + platformName + " token was refused (401): none is left in the pool");
            }
            context.beforeApiCall().run();
            try {
                T result = attempt.send(token, outcome -> metrics.request(platformName, outcome));
                ApiResponse response = result instanceof ApiResponse r ? r
                        : result instanceof QueryAnswer q ? q.response() : null;
                if (response != null) {
                    tokens.record(budget, platform, token, response);
                    rateLimits.record(context, response);
                }
                return result;
            } catch (RateLimitedException limited) {
                tokens.spent(budget, token, limited.retryAt());
                if (budgets.size() <= 1) {
                    await(context, limited.retryAt(), limited.getMessage());
                }
                // Several tokens: the next turn takes another one, or waits for the earliest reset.
            } catch (PlatformApiException e) {
                // An installation token refused before its time (the app's access changed): one new one is asked for.
                boolean configuredToken = token != null && TokenPool.tokensOf(platform).contains(token);
                if (e.status() == 401 && token != null && !configuredToken && !replacedRefused) {
                    installationTokens.refused(token);
                    replacedRefused = true;
                    continue;
                }
                if (e.status() == 401 && configuredToken && budgets.size() > 1
                        && tokens.revoke(budget, platform, token, e.getMessage())) {
                    continue;
                }
                throw e;
            } finally {
                context.progress().apiCall(resource);
            }
        }
    }

    /**
     * The GitHub App's installation token for the job's repository owner, fresh; none when no app is configured, or
     * when it is not installed on the owner and tokens are configured (they serve alone then).
     */
    private List<String> installationToken(JobContext context) {
        try {
            return installationTokens.token(context.job().platform(), context.platform(), context.job().repository())
                    .map(List::of).orElse(List.of());
        } catch (PlatformApiException e) {
            if (e.status() == 404 && !TokenPool.tokensOf(context.platform()).isEmpty()) {
                return List.of();
            }
            throw e;
        }
    }

    /** {@code git.collector.rate.limit.waits} (count, by platform and how: in the thread or paused) and their time. */
    private void count(JobContext context, Duration wait, String pausedWay) {
        String how = wait.compareTo(settings.getInlineRateLimitWait()) > 0 ? pausedWay : "in_thread";
        metrics.rateLimitWait(context.job().platform(), how, wait);
    }

    /**
     * Waits until {@code until}, renewing the run's lock. A wait longer than {@code inline-rate-limit-wait}
     * does not hold the job's thread: the run stops, and goes on by itself then, from where it was.
     */
    private void await(JobContext context, Instant until, String reason) {
        Duration wait = Duration.between(Instant.now(), until);
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        count(context, wait, "paused");
        if (wait.compareTo(settings.getInlineRateLimitWait()) > 0) {
            context.progress().rateLimitWait(wait.toMillis());
            throw new RateLimitWaitException(until, reason);
        }
        LOG.warn("{} of {}: waiting {} s for the rate limit ({}), until {}", context.job().platform(),
                context.job().repositoryId(), Math.max(1, wait.toSeconds()), reason, until);
        context.progress().rateLimitWait(wait.toMillis());
        while (Instant.now().isBefore(until)) {
            long slice = Math.min(WAIT_SLICE.toMillis(), Duration.between(Instant.now(), until).toMillis());
            try {
                Thread.sleep(Math.max(1, slice));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlatformApiException("interrupted while waiting for the rate limit", e);
            }
            context.beforeApiCall().run();
        }
    }
}
