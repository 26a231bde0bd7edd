package io.gitcollector.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.gitcollector.config.CollectorProperties;
import io.gitcollector.config.CollectorProperties.Platform;
import io.gitcollector.http.TokenPool;
import io.gitcollector.identity.PlatformRegistry;
import io.gitcollector.state.RegisteredOrganizationStore;
import io.gitcollector.state.RegisteredRepositoryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says at start-up, one line per platform, what the service will call and collect: the API URL, how many tokens
 * (never a token), the source's options, and the repositories and organizations scheduled. A newcomer reads there
 * whether GITHUB_TOKEN was seen, instead of in a first run's 401.
 */
@Component
public class StartupSummary {

    private static final Logger LOG = LoggerFactory.getLogger(StartupSummary.class);

    private final CollectorProperties properties;
    private final PlatformRegistry platforms;
    private final RegisteredRepositoryStore repositories;
    private final RegisteredOrganizationStore organizations;

    public StartupSummary(CollectorProperties properties, PlatformRegistry platforms,
                          RegisteredRepositoryStore repositories, RegisteredOrganizationStore organizations) {
        this.properties = properties;
        this.platforms = platforms;
        this.repositories = repositories;
        this.organizations = organizations;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void logPlatforms() {
        Map<String, List<String>> scheduled = new TreeMap<>();
        for (CollectorProperties.ScheduledRepository entry : properties.getRepositories()) {
            try {
                scheduled.computeIfAbsent(platforms.identify(entry.getUrl()).platform(), p -> new ArrayList<>())
                        .add(entry.getUrl() + " every " + entry.getInterval());
            } catch (RuntimeException e) {
                // Refused with its own message where the schedule is built; nothing to add here.
            }
        }
        Map<String, Integer> registered = new LinkedHashMap<>();
        Map<String, Integer> registeredOrganizations = new LinkedHashMap<>();
        try {
            repositories.all().forEach(r -> registered.merge(r.platform(), 1, Integer::sum));
            organizations.all().forEach(o -> registeredOrganizations.merge(o.platform(), 1, Integer::sum));
        } catch (RuntimeException e) {
            LOG.info("Repositories registered over the API are not counted here: Redis did not answer ({})",
                    e.getClass().getSimpleName());
        }
        platforms.platforms().forEach((name, platform) -> LOG.info(
                "Platform {}: API {}, {}, options {}; scheduled in application.yaml: {}; registered over the API: {} "
                        + "repositories, {} organizations",
                name, platform.getApiUrl(), tokens(platform), new TreeMap<>(platform.getOptions()),
                scheduled.getOrDefault(name, List.of()), registered.getOrDefault(name, 0),
                registeredOrganizations.getOrDefault(name, 0)));
    }

    private static String tokens(Platform platform) {
        int count = TokenPool.tokensOf(platform).size();
        boolean app = platform.getApp() != null && platform.getApp().isConfigured();
        String tokens = switch (count) {
            case 0 -> app ? "no token" : "no token (anonymous calls)";
            case 1 -> "1 token";
            default -> count + " tokens";
        };
        return app ? tokens + " and GitHub App " + platform.getApp().getId() + "'s installation tokens" : tokens;
    }
}
