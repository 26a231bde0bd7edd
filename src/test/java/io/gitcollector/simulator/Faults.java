package io.gitcollector.simulator;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults a test can inject into one simulated repository: error answers to come, answers that echo the
 * request (a misconfigured proxy), and a gate that holds requests.
 */
public final class Faults {

    /** An answer that echoes the request's headers, as a misconfigured proxy in front of the API sends. */
    public record Echo(int status, boolean json) {
    }

    private final AtomicInteger failuresToCome = new AtomicInteger();
    private volatile int failureStatus = 500;
    private final AtomicInteger echoesToCome = new AtomicInteger();
    private volatile Echo echo = new Echo(502, true);
    private final AtomicLong passesBeforeHold = new AtomicLong(Long.MAX_VALUE);
    private volatile CountDownLatch gate = new CountDownLatch(0);

    /** The next {@code count} requests answer {@code status}. */
    public void failNext(int count, int status) {
        failureStatus = status;
        failuresToCome.set(count);
    }

    /**
     * The next {@code count} requests answer {@code status} with a body naming the request's headers,
     * credentials included: as JSON ({@code {"message": "…"}}, the platform's error shape) or as plain text.
     */
    public void echoRequestNext(int count, int status, boolean json) {
        echo = new Echo(status, json);
        echoesToCome.set(count);
    }

    /** @return the echo to answer now, or null */
    public Echo takeEcho() {
        return echoesToCome.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? echo : null;
    }

    /** Lets {@code passes} more requests through, then holds the rest until {@link #release()} (at most 30 s). */
    public void holdAfter(long passes) {
        gate = new CountDownLatch(1);
        passesBeforeHold.set(passes);
    }

    public void release() {
        passesBeforeHold.set(Long.MAX_VALUE);
        gate.countDown();
    }

    /** Called by the simulator before answering: waits while the gate holds. */
    public void awaitGate() {
        if (passesBeforeHold.getAndUpdate(n -> n == Long.MAX_VALUE ? n : Math.max(-1, n - 1)) <= 0) {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return the status of a failure to answer now, or 0 */
    public int takeFailure() {
        return failuresToCome.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? failureStatus : 0;
    }
}
