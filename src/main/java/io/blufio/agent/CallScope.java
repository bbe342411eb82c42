package io.blufio.agent;

import java.math.BigDecimal;

/**
 * Who pays for the LLM calls made on this thread: the session, turn and feature written to each ledger
 * row, and the running cost of the turn. Set by the turn (or compaction) around its calls.
 */
public final class CallScope {
    private static final ThreadLocal<CallScope> CURRENT = new ThreadLocal<>();

    private final Long sessionId;
    private final Long turnId;
    private volatile String feature;
    private volatile String intendedModel;
    private BigDecimal costUsd = BigDecimal.ZERO;
    private long llmNanos;

    /** @param feature {@code chat}, {@code tool}, {@code compaction}, {@code memory}, {@code extraction}, {@code schedule} or {@code heartbeat} */
    public CallScope(Long sessionId, Long turnId, String feature) {
        this.sessionId = sessionId;
        this.turnId = turnId;
        this.feature = feature;
    }

    /** Returns the scope of the current thread, or null. */
    static CallScope current() {
        return CURRENT.get();
    }

    /** Runs {@code work} with this scope as the current one; restores the previous scope after. */
    public <T, E extends Exception> T run(ScopedWork<T, E> work) throws E {
        CallScope prev = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.run();
        } finally {
            if (prev == null) CURRENT.remove(); else CURRENT.set(prev);
        }
    }

    /** Work run inside a scope. */
    @FunctionalInterface
    public interface ScopedWork<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Returns the session whose turn runs on this thread, if any: tools that act for "this conversation"
     * (the schedule tools) read it here, so the model cannot name another session.
     */
    public static java.util.Optional<Long> currentSessionId() {
        CallScope s = CURRENT.get();
        return s == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(s.sessionId);
    }

    Long sessionId() {
        return sessionId;
    }

    Long turnId() {
        return turnId;
    }

    String feature() {
        return feature;
    }

    /** Returns the model routing chose before any budget downgrade, or null (written to the ledger). */
    String intendedModel() {
        return intendedModel;
    }

    /** Sets the model routing chose before any budget downgrade, recorded with the next calls. */
    public void intendedModel(String model) {
        this.intendedModel = model;
    }

    /** Sets the feature billed by the next calls. */
    public void feature(String f) {
        this.feature = f;
    }

    synchronized void add(BigDecimal cost, long nanos) {
        costUsd = costUsd.add(cost);
        llmNanos += nanos;
    }

    /** Returns the USD billed in this scope so far. */
    public synchronized BigDecimal costUsd() {
        return costUsd;
    }

    /** Returns the wall time spent waiting for the LLM in this scope, in ns. */
    public synchronized long llmNanos() {
        return llmNanos;
    }
}
