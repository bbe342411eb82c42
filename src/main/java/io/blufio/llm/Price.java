package io.blufio.llm;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The price of one model, in USD per million tokens (MTok) for each kind of token.
 *
 * @param model the base model id
 * @param input uncached input tokens
 * @param output output tokens
 * @param cacheRead prompt-cache hits
 * @param cacheWrite prompt-cache writes
 */
public record Price(String model, BigDecimal input, BigDecimal output, BigDecimal cacheRead, BigDecimal cacheWrite) {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /** Returns the cost in USD of {@code usage}: sum of tokens x rate / 1,000,000 for the four kinds. */
    public BigDecimal cost(Usage usage) {
        BigDecimal micro = input.multiply(BigDecimal.valueOf(usage.inputTokens()))
                .add(output.multiply(BigDecimal.valueOf(usage.outputTokens())))
                .add(cacheRead.multiply(BigDecimal.valueOf(usage.cacheReadTokens())))
                .add(cacheWrite.multiply(BigDecimal.valueOf(usage.cacheWriteTokens())));
        return micro.divide(MILLION, MathContext.DECIMAL64);
    }
}
