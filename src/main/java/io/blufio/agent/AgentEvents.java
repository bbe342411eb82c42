package io.blufio.agent;

import io.blufio.llm.Usage;

/**
 * What the agent reports as it works, for metrics. Implementations must be fast and must not throw;
 * they never sit in the path of a turn (ops implements this with Micrometer).
 */
public interface AgentEvents {
    /** A message entered ({@code in}) or left ({@code out}) through {@code channel}. */
    default void message(String channel, String direction) {}

    /**
     * A turn ended.
     *
     * @param outcome {@code ok}, {@code error} or {@code budget}
     * @param durationNanos wall time of the turn
     * @param overheadNanos wall time minus the time spent waiting for the LLM
     */
    default void turn(String channel, String outcome, long durationNanos, long overheadNanos) {}

    /**
     * An LLM call ended.
     *
     * @param outcome {@code ok} or the error code (e.g. {@code llm_timeout})
     * @param costUsd cost recorded in the ledger (0 for failed calls, which bill nothing)
     * @param feature {@code chat}, {@code tool}, {@code compaction}, {@code memory}, {@code extraction}, {@code schedule} or {@code heartbeat}
     */
    default void llmCall(String provider, String model, String outcome, long durationNanos, Usage usage, double costUsd, String feature) {}

    /**
     * A reply delivery attempt of {@code channel} ended: {@code delivered} (every part sent), {@code retry}
     * (not sent, tried again later) or {@code failed} (given up; the reason is kept in the outbox).
     */
    default void reply(String channel, String outcome) {}

    /**
     * Schedule occurrences were handled.
     *
     * @param outcome {@code fired}, {@code caught_up}, {@code skipped} or {@code run_now}
     * @param occurrences how many occurrences (a skipped run may stand for several)
     * @param lagNanos time from the scheduled instant to the inbox commit; negative when not run
     */
    default void scheduleRun(String outcome, long occurrences, long lagNanos) {}

    /**
     * A heartbeat check of one session ended.
     *
     * @param outcome {@code quiet}, {@code message}, {@code unchanged}, {@code budget} or {@code error}
     */
    default void heartbeat(String outcome) {}

    /**
     * A turn was routed ({@code [routing]} on).
     *
     * @param tier {@code simple}, {@code standard}, {@code complex} or {@code override}
     * @param model the model called
     */
    default void routed(String tier, String model) {}

    /** Something went wrong; {@code kind} is a stable error code. */
    default void error(String kind) {}

    /** Reports nothing. */
    AgentEvents NONE = new AgentEvents() {};
}
