package io.gitcollector;

import java.net.ServerSocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitcollector.api.HealthCheck;
import io.gitcollector.embedded.Infrastructure;
import io.gitcollector.publish.KafkaTopics;
import io.gitcollector.support.CollectorIntegrationTest;
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

    @Test
    void healthIsUnhealthyWith503WhenRedisDoesNotAnswer() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort(); // closed again: nothing listens there
        }
        LettuceConnectionFactory deadRedis = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", deadPort));
        deadRedis.afterPropertiesSet();
        try {
            Exchange exchange = new DefaultExchange(camel);
            new HealthCheck(kafka, deadRedis, infrastructure, mapper, build, breakers).check(exchange);

            assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
            JsonNode body = mapper.readTree(exchange.getMessage().getBody(String.class));
            assertThat(body.path("status").asText()).isEqualTo("unhealthy");
            assertThat(body.path("redis").path("status").asText()).isEqualTo("down");
            assertThat(body.path("kafka").path("status").asText()).isEqualTo("up");
        } finally {
            deadRedis.destroy();
        }
    }
}
