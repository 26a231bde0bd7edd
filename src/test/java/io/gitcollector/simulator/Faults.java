package io.gitcollector.simulator;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults a test can inject into one simulated repository: error answers to come, answers that echo the
 * request (a misconfigured proxy), a gate that holds requests, and an oversized answer to one path.
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
    private volatile OversizedAnswer oversized;

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

    /**
     * Every request whose path ends with {@code pathSuffix} is answered 200 with a JSON array of
     * {@code bytes} bytes, made up while it is sent: chunked, or with a Content-Length when {@code declareLength}.
     */
    public OversizedAnswer answerOversized(String pathSuffix, long bytes, boolean declareLength) {
        OversizedAnswer answer = new OversizedAnswer(pathSuffix, bytes, declareLength);
        oversized = answer;
        return answer;
    }

    /** @return the oversized answer to give this path, or null */
    public OversizedAnswer oversizedAnswerTo(String path) {
        OversizedAnswer answer = oversized;
        return answer != null && path.endsWith(answer.pathSuffix()) ? answer : null;
    }

    /** One oversized answer and what became of it: how much the simulator could send before the client stopped it. */
    public static final class OversizedAnswer {
        private final String pathSuffix;
        private final long bytes;
        private final boolean declareLength;
        private final AtomicLong sent = new AtomicLong();
        private final AtomicInteger ended = new AtomicInteger();

        OversizedAnswer(String pathSuffix, long bytes, boolean declareLength) {
            this.pathSuffix = pathSuffix;
            this.bytes = bytes;
            this.declareLength = declareLength;
        }

        public String pathSuffix() {
            return pathSuffix;
        }

        public long bytes() {
            return bytes;
        }

        public boolean declareLength() {
            return declareLength;
        }

        /** Bytes of the body written to the connection so far, over every answer. */
        public long sent() {
            return sent.get();
        }

        /** Answers that ended, sent whole or cut off by the client. */
        public int ended() {
            return ended.get();
        }

        void countSent(long n) {
            sent.addAndGet(n);
        }

        void countEnded() {
            ended.incrementAndGet();
        }
    }
}
