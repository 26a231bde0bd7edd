package io.gitcollector;

import java.time.Clock;

import io.gitcollector.config.CollectorProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@EnableConfigurationProperties(CollectorProperties.class)
public class GitCollectorApplication {

    public static void main(String[] args) {
        SpringApplication.run(GitCollectorApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
