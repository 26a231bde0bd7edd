package io.gitcollector;

import java.net.ServerSocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.api.HealthCheck;
import io.gitcollector.embedded.Infrastructure;
import io.gitcollector.publish.KafkaTopics;
import io.gitcollector.support.CollectorIntegrationTest;
import io.gitcollector.support.TopicReader;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

class HealthWhenRedisIsDownTest extends CollectorIntegrationTest {

    @Autowired KafkaTopics kafka;
    @Autowired Infrastructure infrastructure;
    @Autowired ObjectMapper mapper;
    @Autowired ObjectProvider<BuildProperties> build;
    @Autowired io.gitcollector.http.HostCircuitBreakers breakers;
    @Autowired CamelContext camel;
    @Autowired io.gitcollector.jobs.JobConsumers jobs;

    @Autowired io.gitcollector.identity.PlatformRegistry platforms;
    @Autowired org.apache.camel.ProducerTemplate template;
    @Autowired io.gitcollector.api.ApiRequests apiRequests;
    @Autowired io.gitcollector.jobs.CollectionSchedule schedule;

    @Test
    void aTriggerIs503AndQueuesNothingWhenRedisDoesNotAnswer() throws Exception {
        LettuceConnectionFactory deadRedis = deadRedis();
        try {
            var statuses = new io.gitcollector.state.CollectionStatusStore(
                    new org.springframework.data.redis.core.StringRedisTemplate(deadRedis),
                    new io.gitcollector.secrets.SecretRedactor(java.util.List.of()));
            var intake = new io.gitcollector.jobs.JobIntake(statuses, template, mapper, java.time.Clock.systemUTC(),
                    new io.gitcollector.jobs.RunnableSyncMode(statuses));
            var requests = new io.gitcollector.api.CollectionRequests(platforms, intake, statuses, mapper, apiRequests,
                    schedule, java.time.Clock.systemUTC(), new io.gitcollector.collect.RefusedSources());
            String url = GITHUB.apiUrl() + "/acme/redis-down";
            long jobsBefore = TopicReader.records(INFRA.kafka.bootstrapServers(), "git.collect.jobs").size();
            Exchange exchange = new DefaultExchange(camel);
            exchange.getIn().setBody("{\"repository_url\":\"" + url + "\"}");

            requests.trigger(exchange);

            assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
            assertThat(mapper.readTree(exchange.getMessage().getBody(String.class)).path("message").asText())
                    .contains("Redis").contains("nothing was queued");
            assertThat(TopicReader.records(INFRA.kafka.bootstrapServers(), "git.collect.jobs")).hasSize((int) jobsBefore);
        } finally {
            deadRedis.destroy();
        }
    }

    @Test
    void readinessIsDownWhileLivenessStaysUpWhenRedisDoesNotAnswer() throws Exception {
        LettuceConnectionFactory deadRedis = deadRedis();
        try {
            var readiness = new io.gitcollector.api.ReadinessIndicator(
                    new HealthCheck(kafka, deadRedis, infrastructure, mapper, build, breakers, jobs)).health();

            assertThat(readiness.getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.DOWN);
            assertThat(readiness.getDetails()).containsKeys("kafka", "redis", "jobs");
            assertThat(((java.util.Map<?, ?>) readiness.getDetails().get("redis")).get("status")).isEqualTo("down");
            // The service's own probes, with the real Redis: no key needed, both up.
            for (String probe : java.util.List.of("liveness", "readiness")) {
                var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/actuator/health/" + probe)).GET().build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(probe).isEqualTo(200);
                assertThat(mapper.readTree(answer.body()).path("status").asText()).as(probe).isEqualTo("UP");
            }
        } finally {
            deadRedis.destroy();
        }
    }

    @Test
    void healthIsUnhealthyWith503WhenRedisDoesNotAnswer() throws Exception {
        LettuceConnectionFactory deadRedis = deadRedis();
        try {
            Exchange exchange = new DefaultExchange(camel);
            new HealthCheck(kafka, deadRedis, infrastructure, mapper, build, breakers, jobs).check(exchange);

            assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
            JsonNode body = mapper.readTree(exchange.getMessage().getBody(String.class));
            assertThat(body.path("status").asText()).isEqualTo("unhealthy");
            assertThat(body.path("redis").path("status").asText()).isEqualTo("down");
            assertThat(body.path("kafka").path("status").asText()).isEqualTo("up");
        } finally {
            deadRedis.destroy();
        }
    }

    /** A Redis connection factory for a port nothing listens on (taken free, then closed again). */
    private static LettuceConnectionFactory deadRedis() throws java.io.IOException {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        LettuceConnectionFactory deadRedis = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", deadPort));
        deadRedis.afterPropertiesSet();
        return deadRedis;
    }
}
