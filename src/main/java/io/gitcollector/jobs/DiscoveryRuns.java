package io.gitcollector.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.gitcollector.state.RegisteredOrganization;
import io.gitcollector.state.RegisteredOrganizationStore;
import io.gitcollector.state.ScheduleClaims;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts each registered organization's discovery when due, once cluster-wide: at its first tick after it was
 * registered, then every discovery interval, claimed in Redis like a scheduled run. Discoveries run on their own
 * thread, one at a time, so that listing a large organization (or waiting for its platform) never holds back
 * the scheduler's tick.
 */
@Component
public class DiscoveryRuns {

    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryRuns.class);
    static final String DISCOVERY = "discovery";
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final RegisteredOrganizationStore organizations;
    private final ScheduleClaims claims;
    private final OrganizationDiscovery discovery;
    private final java.time.Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "organization-discovery");
        thread.setDaemon(true);
        return thread;
    });
    /** The last due time this instance tried to claim, per organization: one Redis call per slot, not per tick. */
    private final Map<String, Instant> tried = new ConcurrentHashMap<>();
    /** Organizations whose discovery is queued or running here: a slow one is not queued twice. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    public DiscoveryRuns(RegisteredOrganizationStore organizations, ScheduleClaims claims, OrganizationDiscovery discovery,
                         java.time.Clock clock) {
        this.clock = clock;
        this.organizations = organizations;
        this.claims = claims;
        this.discovery = discovery;
    }

    /** The scheduler's tick: every registered organization whose discovery is due. */
    public void tick() {
        Instant now = clock.instant();
        List<RegisteredOrganization> registered;
        try {
            registered = organizations.all();
        } catch (RuntimeException e) {
            // Redis away: nothing can be read or claimed; the next tick tries again.
            LOG.warn("Organization discoveries not checked: {}", e.getMessage());
            return;
        }
        for (RegisteredOrganization organization : registered) {
            try {
                startIfDue(organization, now);
            } catch (RuntimeException e) {
                LOG.warn("Discovery of {} not started: {}", organization.organizationUrl(), e.getMessage());
            }
        }
        tried.keySet().retainAll(registered.stream().map(RegisteredOrganization::organizationId).toList());
    }

    private void startIfDue(RegisteredOrganization organization, Instant now) {
        Duration interval = Duration.parse(organization.discoveryInterval());
        Instant due = ScheduleSlots.dueAt(now, interval);
        String id = organization.organizationId();
        if (due.equals(tried.put(id, due)) || pending.contains(id)
                || !claims.claim(id, DISCOVERY, due, interval.plus(CLOCK_SKEW))) {
            return;
        }
        pending.add(id);
        worker.execute(() -> {
            try {
                // Read again: it may have been removed while it waited for the worker.
                organizations.find(id).ifPresent(discovery::discover);
            } catch (RuntimeException e) {
                LOG.warn("Discovery of {} not run: {}", organization.organizationUrl(), e.getMessage());
            } finally {
                pending.remove(id);
            }
        });
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
