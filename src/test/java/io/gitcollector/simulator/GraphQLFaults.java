package io.gitcollector.simulator;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults a test can turn on for the GraphQL endpoint: a node threshold above which queries get the gateway's
 * 502 (GitHub's answer to a query that runs too long, so a client that halves its page size recovers), and
 * timeouts to come (GitHub's "Something went wrong while executing your query" body). Both are charged the
 * query's cost, as GitHub documents that timed-out queries still cost points. Off by default.
 */
public final class GraphQLFaults {

    private volatile long failAboveNodes = Long.MAX_VALUE;
    private final AtomicInteger timeoutsToCome = new AtomicInteger();
    private volatile int timeoutStatus = 502;

    /** Queries whose nodeCount is over {@code nodes} answer 502 Bad Gateway with nginx's HTML page. */
    public void failAbove(long nodes) {
        failAboveNodes = nodes;
    }

    /** The next {@code count} queries answer GitHub's timeout error body with status 502 (as observed through gh and curl). */
    public void timeoutNext(int count) {
        timeoutNext(count, 502);
    }

    /** The same with another status: 200 and 504 have been reported with this body too. */
    public void timeoutNext(int count, int status) {
        timeoutStatus = status;
        timeoutsToCome.set(count);
    }

    /** Turns every fault off. */
    public void clear() {
        failAboveNodes = Long.MAX_VALUE;
        timeoutsToCome.set(0);
    }

    boolean overThreshold(long nodeCount) {
        return nodeCount > failAboveNodes;
    }

    /** @return the status of a timeout to answer now, or 0 */
    int takeTimeout() {
        return timeoutsToCome.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? timeoutStatus : 0;
    }
}
