package io.blufio.llm;

/**
 * Tokens counted for one call, as the provider reported them or, where it reported none, as
 * {@link TokenEstimate} estimated them ({@link #estimated()}).
 *
 * @param inputTokens uncached input tokens
 * @param outputTokens output tokens
 * @param cacheReadTokens input tokens read from the prompt cache
 * @param cacheWriteTokens input tokens written to the prompt cache
 * @param estimated true when some of these counts are blufio's estimate because the server sent no usage
 *     (or zero for a non-empty exchange); the ledger row is then marked estimated
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens, boolean estimated) {
    /** No tokens. */
    public static final Usage ZERO = new Usage(0, 0, 0, 0);

    /** Returns usage as reported by the provider (not estimated). */
    public Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {
        this(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, false);
    }

    /** Returns the field-wise sum of this and {@code o}; estimated when either is. */
    public Usage plus(Usage o) {
        return new Usage(inputTokens + o.inputTokens, outputTokens + o.outputTokens,
                cacheReadTokens + o.cacheReadTokens, cacheWriteTokens + o.cacheWriteTokens, estimated || o.estimated);
    }

    /** Returns true when no token at all is counted. */
    public boolean isZero() {
        return inputTokens == 0 && outputTokens == 0 && cacheReadTokens == 0 && cacheWriteTokens == 0;
    }
}
