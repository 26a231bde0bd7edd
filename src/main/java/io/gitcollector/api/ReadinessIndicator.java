package io.gitcollector.api;

import java.util.Map;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The collector's own checks as a Spring health contributor named {@code collector}, in the readiness group
 * (/actuator/health/readiness, a Kubernetes readiness probe): ready only when Kafka and Redis answer and this
 * instance's job consumers run, as GET /health says. Liveness stays Spring's own: a broker outage must not get
 * the pods restarted.
 */
@Component("collector")
public class ReadinessIndicator implements HealthIndicator {

    private final HealthCheck check;

    public ReadinessIndicator(HealthCheck check) {
        this.check = check;
    }

    @Override
    public Health health() {
        Map<String, Object> report = check.report();
        Health.Builder health = "healthy".equals(report.get("status")) ? Health.up() : Health.down();
        for (String part : java.util.List.of("kafka", "redis", "jobs")) {
            health.withDetail(part, report.get(part));
        }
        return health.build();
    }
}
