package io.gitcollector.security;

import java.util.Arrays;
import java.util.Map;

import io.gitcollector.embedded.Infrastructure;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With authentication off, the service is only for the machine it runs on: it listens on the loopback
 * interface unless {@code SERVER_ADDRESS} says otherwise, and Hawtio and Jolokia are not served at all
 * (they would hand anyone who reaches the port the whole JVM). Decided here, before the web server and the
 * actuator exist, by the same rule {@link ApiKeys} applies once the application runs.
 */
public class LocalRunDefaults implements EnvironmentPostProcessor, Ordered {

    static final String LOOPBACK_DEFAULTS = "collector-local-run-defaults";
    static final String CONSOLE_OFF = "collector-local-run-console-off";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!authenticationOff(environment)) {
            return;
        }
        // Last: server.address set anywhere else still wins, and so does SERVER_ADDRESS.
        environment.getPropertySources().addLast(new MapPropertySource(LOOPBACK_DEFAULTS,
                Map.of("server.address", "${SERVER_ADDRESS:127.0.0.1}")));
        // First: nothing may expose the console while no key guards it.
        environment.getPropertySources().addFirst(new MapPropertySource(CONSOLE_OFF,
                Map.of("management.endpoints.web.exposure.exclude", "hawtio,jolokia")));
    }

    static boolean authenticationOff(ConfigurableEnvironment environment) {
        String keys = environment.getProperty("collector.security.keys", "");
        String keysFile = environment.getProperty("collector.security.keys-file", "");
        boolean noKeys = Arrays.stream(keys.split(",")).allMatch(String::isBlank) && keysFile.isBlank();
        boolean bothEmbedded = Infrastructure.bothEmbedded(environment.getProperty("collector.kafka.brokers"),
                environment.getProperty("collector.redis.url"));
        try {
            return !ApiKeys.decide(environment.getProperty("collector.security.enabled", "auto"), noKeys, bothEmbedded);
        } catch (IllegalStateException e) {
            return false; // the application refuses to start, with this message, once ApiKeys is created
        }
    }

    /** After application.yaml is read (ConfigDataEnvironmentPostProcessor), so its settings count. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
