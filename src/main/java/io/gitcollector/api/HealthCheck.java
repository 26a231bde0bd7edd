package io.gitcollector.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.embedded.Infrastructure;
import io.gitcollector.jobs.JobConsumers;
import io.gitcollector.publish.KafkaTopics;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/** {@code GET /health}: healthy only when Kafka and Redis answer and this instance's job consumers run. */
@Component
public class HealthCheck {

    private final KafkaTopics kafka;
    private final RedisConnectionFactory redis;
    private final Infrastructure infrastructure;
    private final ObjectMapper mapper;
    private final String version;
    private final io.gitcollector.http.HostCircuitBreakers breakers;
    private final JobConsumers jobs;

    public HealthCheck(KafkaTopics kafka, RedisConnectionFactory redis, Infrastructure infrastructure,
                       ObjectMapper mapper, ObjectProvider<BuildProperties> build,
                       io.gitcollector.http.HostCircuitBreakers breakers, JobConsumers jobs) {
        this.breakers = breakers;
        this.jobs = jobs;
        this.kafka = kafka;
        this.redis = redis;
        this.infrastructure = infrastructure;
        this.mapper = mapper;
        BuildProperties properties = build.getIfAvailable();
        this.version = properties == null ? "dev" : properties.getVersion();
    }

    public void check(Exchange exchange) {
        Map<String, Object> body = report();
        JsonReply.send(exchange, mapper, "healthy".equals(body.get("status")) ? 200 : 503, body);
    }

    /** What GET /health answers: Kafka, Redis and this instance's job consumers, each with its state. */
    public Map<String, Object> report() {
        Map<String, Object> kafkaState = new LinkedHashMap<>();
        boolean kafkaUp;
        try {
            kafkaState.put("brokers", kafka.brokersUp());
            kafkaUp = true;
        } catch (Exception e) {
            kafkaUp = false;
            kafkaState.put("error", e.getClass().getSimpleName());
        }
        kafkaState.put("status", kafkaUp ? "up" : "down");

        Map<String, Object> redisState = new LinkedHashMap<>();
        boolean redisUp;
        try (var connection = redis.getConnection()) {
            redisUp = "PONG".equalsIgnoreCase(connection.ping());
        } catch (Exception e) {
            redisUp = false;
            redisState.put("error", e.getClass().getSimpleName());
        }
        redisState.put("status", redisUp ? "up" : "down");

        // An instance whose job consumers are gone takes no job however well Kafka and Redis answer.
        Map<String, Object> jobsState = jobs.state();
        boolean healthy = kafkaUp && redisUp && JobConsumers.up(jobsState);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", healthy ? "healthy" : "unhealthy");
        body.put("version", version);
        body.put("timestamp", Instant.now().toString());
        body.put("embedded", infrastructure.embedded());
        body.put("kafka", kafkaState);
        body.put("redis", redisState);
        body.put("jobs", jobsState);
        // Each platform API host's circuit breaker: OPEN means its jobs fail fast for a while; the service stays healthy.
        body.put("platform_hosts", breakers.states());
        return body;
    }
}
