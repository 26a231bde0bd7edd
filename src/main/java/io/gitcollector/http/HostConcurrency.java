package io.gitcollector.http;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import io.gitcollector.config.CollectorProperties;
import org.springframework.stereotype.Component;

/**
 * At most {@code collector.http.max-concurrent-per-host} requests in flight to one API host from this instance,
 * whatever runs and pages ask at once: GitHub documents a secondary limit of 100 concurrent requests (REST and
 * GraphQL together), and parallel runs, each reading a page ahead, would otherwise ask as many as they like.
 * A request over the limit waits its turn.
 */
@Component
public class HostConcurrency {

    private final int perHost;
    private final Map<String, Semaphore> hosts = new ConcurrentHashMap<>();

    public HostConcurrency(CollectorProperties properties) {
        this.perHost = Math.max(1, properties.getHttp().getMaxConcurrentPerHost());
    }

    /** One key per host and port, the scheme's port when the URI names none. */
    private static String hostOf(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return (uri.getHost() == null ? "" : uri.getHost().toLowerCase(java.util.Locale.ROOT)) + ":" + port;
    }

    <T> T call(URI uri, Supplier<T> request) {
        Semaphore host = hosts.computeIfAbsent(hostOf(uri), h -> new Semaphore(perHost, true));
        host.acquireUninterruptibly();
        try {
            return request.get();
        } finally {
            host.release();
        }
    }
}
