package io.gitcollector.collect;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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

    ApiCalls(PlatformHttpClient http, TokenPool tokens, RateLimitRecorder rateLimits, CollectorProperties properties,
             CollectorMetrics metrics) {
        this.metrics = metrics;
        this.http = http;
        this.tokens = tokens;
        this.rateLimits = rateLimits;
        this.settings = properties.getHttp();
    }

    ApiResponse get(JobContext context, String resource, URI uri, String ifNoneMatch) {
        String platformName = context.job().platform();
        var platform = context.platform();
        boolean authenticated = !TokenPool.tokensOf(platform).isEmpty();
        while (true) {
            List<TokenPool.Budget> budgets = tokens.budgets(platformName, platform);
            Optional<Instant> spent = TokenPool.spentUntil(budgets, settings.getRateLimitReserve());
            if (spent.isPresent()) {
                await(context, spent.get(), "the quota of every " + platformName + " token is (nearly) spent");
                budgets = tokens.budgets(platformName, platform);
            }
            String token = TokenPool.choose(budgets).orElse(null);
            if (authenticated && token == null) {
                throw new PlatformApiException(401, "every " + platformName + " token was refused (401): none is left in the pool");
            }
            context.beforeApiCall().run();
            try {
                ApiResponse response = http.get(platform, token, uri, ifNoneMatch,
                        outcome -> metrics.request(platformName, outcome));
                tokens.record(platformName, platform, token, response);
                rateLimits.record(context, response);
                return response;
            } catch (RateLimitedException limited) {
                tokens.spent(platformName, token, limited.retryAt());
                if (budgets.size() <= 1) {
                    await(context, limited.retryAt(), limited.getMessage());
                }
                // Several tokens: the next turn takes another one, or waits for the earliest reset.
            } catch (PlatformApiException e) {
                if (e.status() == 401 && token != null && budgets.size() > 1
                        && tokens.revoke(platformName, platform, token, e.getMessage())) {
                    continue;
                }
                throw e;
            } finally {
                context.progress().apiCall(resource);
            }
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
