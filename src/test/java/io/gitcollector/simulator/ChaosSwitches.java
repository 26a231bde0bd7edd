package io.gitcollector.simulator;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Random faults a simulator applies to every request before its platform routes it: error answers,
 * JSON bodies cut in half, connections closed without an answer, and a delay. Each switch draws from
 * its own seeded {@link Random}, so the same seed and the same request order give the same faults.
 * All switches are off until set; {@link #reset()} turns them off again.
 */
public final class ChaosSwitches {

    /**
     * One switch: a share of the draws fires. A switch with choices also picks one of them, from the same
     * generator and under the same lock, so concurrent draws never split a pair.
     */
    private static final class Draw {
        private final double rate;
        private final Random random;
        private final int[] choices;

        Draw(double rate, long seed, int... choices) {
            if (rate < 0 || rate > 1) {
                throw new IllegalArgumentException("rate must be within 0..1: " + rate);
            }
            this.rate = rate;
            this.random = new Random(seed);
            this.choices = choices.clone();
        }

        synchronized boolean fires() {
            return random.nextDouble() < rate;
        }

        /** One of the choices when the switch fires, else 0. */
        synchronized int choice() {
            return random.nextDouble() < rate ? choices[random.nextInt(choices.length)] : 0;
        }
    }

    private volatile Draw failure;
    private volatile Draw truncation;
    private volatile Draw drop;
    private volatile Duration delay = Duration.ZERO;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong truncations = new AtomicLong();
    private final AtomicLong drops = new AtomicLong();

    /**
     * {@code rate} of the requests answer one of {@code statuses} (500 when none is given), chosen with
     * the same seeded generator, with a small JSON error body.
     */
    public void failRandomly(double rate, long seed, int... statuses) {
        for (int status : statuses) {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("not an error status: " + status);
            }
        }
        failure = new Draw(rate, seed, statuses.length == 0 ? new int[] {500} : statuses);
    }

    /**
     * {@code rate} of the 200 JSON answers send only the first half of their bytes, with a Content-Length
     * that matches the cut body: a well-formed HTTP answer whose JSON does not parse.
     */
    public void truncateRandomly(double rate, long seed) {
        truncation = new Draw(rate, seed);
    }

    /** {@code rate} of the requests get their connection closed with no answer at all. */
    public void dropRandomly(double rate, long seed) {
        drop = new Draw(rate, seed);
    }

    /** Every request waits this long before anything else happens (zero: no wait). */
    public void delay(Duration wait) {
        delay = wait == null || wait.isNegative() ? Duration.ZERO : wait;
    }

    /** Turns every switch off and sets the counters back to zero. */
    public synchronized void reset() {
        failure = null;
        truncation = null;
        drop = null;
        delay = Duration.ZERO;
        failures.set(0);
        truncations.set(0);
        drops.set(0);
    }

    /** Error answers injected since the last reset. */
    public long injectedFailures() {
        return failures.get();
    }

    /** 200 JSON answers cut in half since the last reset. */
    public long injectedTruncations() {
        return truncations.get();
    }

    /** Connections closed without an answer since the last reset. */
    public long injectedDrops() {
        return drops.get();
    }

    // ---- used by SimulatorServer, once per request (or per 200 JSON answer) ---------------------------

    /** Waits out the delay, if one is set. */
    void awaitDelay() {
        Duration wait = delay;
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True when this request's connection is to be closed without an answer. */
    boolean takeDrop() {
        Draw d = drop;
        if (d != null && d.fires()) {
            drops.incrementAndGet();
            return true;
        }
        return false;
    }

    /** The status of an error to answer this request with, or 0. */
    int takeFailure() {
        Draw d = failure;
        int status = d == null ? 0 : d.choice();
        if (status > 0) {
            failures.incrementAndGet();
        }
        return status;
    }

    /** True when this 200 JSON answer is to be cut in half. */
    boolean takeTruncation() {
        Draw d = truncation;
        if (d != null && d.fires()) {
            truncations.incrementAndGet();
            return true;
        }
        return false;
    }
}
