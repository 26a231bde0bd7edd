package io.gitcollector.simulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What GraphQL queries cost, per repository, so tests can assert quota use exactly. A query counts for every
 * repository it resolved ({@code repository(owner:, name:)}, or a node of it through {@code node(id:)}); its
 * points are those charged to the token (0 for a refused or dry-run query).
 */
public final class GraphQLUsage {

    private final Map<Long, AtomicLong> requests = new ConcurrentHashMap<>();
    private final Map<Long, AtomicLong> points = new ConcurrentHashMap<>();
    private final AtomicLong totalRequests = new AtomicLong();
    private final AtomicLong totalPoints = new AtomicLong();

    /** GraphQL requests that resolved this repository (charged or not). */
    public long requests(SimulatedRepository repository) {
        return requests.getOrDefault(repository.repoId(), new AtomicLong()).get();
    }

    /** Points charged for queries that resolved this repository. */
    public long points(SimulatedRepository repository) {
        return points.getOrDefault(repository.repoId(), new AtomicLong()).get();
    }

    /** Every POST to the GraphQL endpoint, whatever its answer. */
    public long totalRequests() {
        return totalRequests.get();
    }

    /** Every point charged, to any token. */
    public long totalPoints() {
        return totalPoints.get();
    }

    void received() {
        totalRequests.incrementAndGet();
    }

    void charged(int cost) {
        totalPoints.addAndGet(cost);
    }

    void resolved(long repositoryId, int cost) {
        requests.computeIfAbsent(repositoryId, k -> new AtomicLong()).incrementAndGet();
        points.computeIfAbsent(repositoryId, k -> new AtomicLong()).addAndGet(cost);
    }
}
