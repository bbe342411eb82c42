package io.blufio.store;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One LLM call in the cost ledger.
 *
 * @param at when the call finished
 * @param sessionId its session, or null
 * @param turnId its turn (inbox row), or null
 * @param provider {@code anthropic} or {@code openai}
 * @param model the model id the provider reported
 * @param feature {@code chat} (first call of a turn), {@code tool} (calls after tool results), {@code compaction}, {@code memory}
 * @param inputTokens uncached input tokens
 * @param outputTokens output tokens
 * @param cacheReadTokens prompt-cache hits
 * @param cacheWriteTokens prompt-cache writes
 * @param costUsd cost in USD from the price table
 * @param estimated true when the token counts are blufio's estimate (the server reported no usage)
 */
public record LedgerEntry(Instant at, Long sessionId, Long turnId, String provider, String model, String feature,
        long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens, BigDecimal costUsd,
        boolean estimated) {
    /** A row with counts reported by the provider. */
    public LedgerEntry(Instant at, Long sessionId, Long turnId, String provider, String model, String feature,
            long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens, BigDecimal costUsd) {
        this(at, sessionId, turnId, provider, model, feature, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens,
                costUsd, false);
    }
}
