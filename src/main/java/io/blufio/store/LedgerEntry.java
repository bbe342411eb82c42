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
 * @param model the model id the provider reported (the model actually used)
 * @param feature {@code chat} (first call of a turn), {@code tool} (calls after tool results), {@code compaction}, {@code memory},
 *     {@code extraction} (automatic fact extraction)
 * @param inputTokens uncached input tokens
 * @param outputTokens output tokens
 * @param cacheReadTokens prompt-cache hits
 * @param cacheWriteTokens prompt-cache writes
 * @param costUsd cost in USD from the price table
 * @param estimated true when the token counts are blufio's estimate (the server reported no usage)
 * @param intendedModel the model routing chose before a budget downgrade, or null (routing off, or not a routed call)
 */
public record LedgerEntry(Instant at, Long sessionId, Long turnId, String provider, String model, String feature,
        long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens, BigDecimal costUsd,
        boolean estimated, String intendedModel) {
    /** A row with counts reported by the provider and no routing choice. */
    public LedgerEntry(Instant at, Long sessionId, Long turnId, String provider, String model, String feature,
            long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens, BigDecimal costUsd) {
        this(at, sessionId, turnId, provider, model, feature, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens,
                costUsd, false, null);
    }

    /** A row without a routing choice. */
    public LedgerEntry(Instant at, Long sessionId, Long turnId, String provider, String model, String feature,
            long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens, BigDecimal costUsd,
            boolean estimated) {
        this(at, sessionId, turnId, provider, model, feature, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens,
                costUsd, estimated, null);
    }

    /** A row with counts reported by the provider. */
    public LedgerEntry(Instant at, Long sessionId, Long turnId, String provider, String model, String feature,
            long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens, BigDecimal costUsd, String intendedModel) {
        this(at, sessionId, turnId, provider, model, feature, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, costUsd, false,
                intendedModel);
    }
}
