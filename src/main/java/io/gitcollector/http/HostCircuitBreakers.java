package io.gitcollector.http;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.metrics.CollectorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One Resilience4j circuit breaker per platform API host. Every attempt counts: a 5xx answer or no
 * answer is a failure, any other answer a success (a 404 says the host works). When too many fail,
 * calls to that host stop for {@code wait-in-open}: jobs on it fail fast, other hosts go on.
 */
@Component
public class HostCircuitBreakers {

    private static final Logger LOG = LoggerFactory.getLogger(HostCircuitBreakers.class);

    private final CircuitBreakerRegistry registry;
    private final CollectorMetrics metrics;

    /** Without metrics (unit tests). */
    public HostCircuitBreakers(CollectorProperties properties) {
        this(properties, null);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public HostCircuitBreakers(CollectorProperties properties, CollectorMetrics metrics) {
        this.metrics = metrics;
        CollectorProperties.Breaker settings = properties.getHttp().getBreaker();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.getWindow())
                .minimumNumberOfCalls(settings.getMinimumCalls())
                .failureRateThreshold(settings.getFailureRatePercent())
                .waitDurationInOpenState(settings.getWaitInOpen())
                .permittedNumberOfCallsInHalfOpenState(settings.getCallsInHalfOpen())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordResult(result -> result instanceof ApiResponse r && r.status() >= 500)
                // An answer too large says the host works: it counts neither way.
                .ignoreException(e -> ResponseTooLargeException.in(e) != null)
                .build();
        this.registry = CircuitBreakerRegistry.of(config);
    }

    /** Runs one attempt through the breaker of the URI's host. */
    ApiResponse call(URI uri, Supplier<ApiResponse> attempt) {
        CircuitBreaker breaker = breaker(uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
        try {
            return breaker.executeSupplier(attempt);
        } catch (CallNotPermittedException e) {
            throw new CircuitOpenException("calls to " + breaker.getName() + " are stopped for a while: "
                    + "it failed too often (circuit breaker open)");
        }
    }

    /** Each API host's breaker state: CLOSED, OPEN, HALF_OPEN. */
    public Map<String, String> states() {
        Map<String, String> states = new TreeMap<>();
        registry.getAllCircuitBreakers().forEach(b -> states.put(b.getName(), b.getState().name()));
        return states;
    }

    private synchronized CircuitBreaker breaker(String host) {
        return registry.find(host).orElseGet(() -> {
            CircuitBreaker breaker = registry.circuitBreaker(host);
            breaker.getEventPublisher().onStateTransition(event -> LOG.warn("Circuit breaker of {}: {}", host,
                    event.getStateTransition()));
            if (metrics != null) {
                // 0 closed, 1 open, 2 half-open (and Resilience4j's other states above).
                metrics.breakerState(host, () -> breaker.getState().getOrder());
            }
            return breaker;
        });
    }
}
