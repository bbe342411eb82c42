package io.blufio.agent;

import io.blufio.llm.Usage;

/**
 * A finished turn.
 *
 * @param turnId the inbox row of the turn
 * @param sessionId its session
 * @param messageId the final assistant message
 * @param content the final answer text
 * @param model model that answered
 * @param usage tokens of every model call of the turn, summed
 * @param costUsd cost of those calls in USD
 * @param tier the routing tier ({@code simple}, {@code standard}, {@code complex}, {@code override}), or null when routing is off
 */
public record TurnResult(long turnId, long sessionId, long messageId, String content, String model, Usage usage, double costUsd,
        String tier) {
    /** A turn without routing. */
    public TurnResult(long turnId, long sessionId, long messageId, String content, String model, Usage usage, double costUsd) {
        this(turnId, sessionId, messageId, content, model, usage, costUsd, null);
    }
}
