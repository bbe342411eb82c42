package io.blufio.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blufio.Json;
import io.blufio.llm.Usage;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A finished turn. Its JSON form (SPEC section 6, the answer object of {@code POST /v1/messages}) is written
 * and read only here ({@link #toJson()}, {@link #fromJson}): the same text is stored as the inbox row's result
 * and sent as the {@code done} event, so a replayed request gets the answer the first one got.
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

    /**
     * Returns the SPEC's answer object: {@code session_id}, {@code message_id}, {@code content}, {@code model},
     * {@code usage} (tokens; {@code estimated: true} only when the server sent none), {@code cost_usd} (USD, a
     * plain decimal) and {@code tier} (only with {@code [routing]} enabled, SPEC section 13).
     */
    public ObjectNode toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode()
                .put("session_id", sessionId).put("message_id", messageId).put("content", content).put("model", model);
        ObjectNode u = n.putObject("usage").put("input_tokens", usage.inputTokens()).put("output_tokens", usage.outputTokens())
                .put("cache_read_tokens", usage.cacheReadTokens()).put("cache_write_tokens", usage.cacheWriteTokens());
        if (usage.estimated()) u.put("estimated", true);  // the server sent no usage
        n.put("cost_usd", usd(costUsd));
        if (tier != null) n.put("tier", tier);
        return n;
    }

    /** Reads what {@link #toJson()} wrote (also the older stored form, with {@code cost_usd} as a double) for turn {@code turnId}. */
    public static TurnResult fromJson(long turnId, JsonNode r) {
        JsonNode u = r.path("usage");
        Usage usage = new Usage(u.path("input_tokens").asLong(), u.path("output_tokens").asLong(), u.path("cache_read_tokens").asLong(),
                u.path("cache_write_tokens").asLong(), u.path("estimated").asBoolean(false));
        return new TurnResult(turnId, r.path("session_id").asLong(), r.path("message_id").asLong(), r.path("content").asText(),
                r.path("model").isNull() || r.path("model").isMissingNode() ? null : r.path("model").asText(), usage,
                r.path("cost_usd").asDouble(), r.hasNonNull("tier") ? r.path("tier").asText() : null);
    }

    /** USD as a plain decimal (no exponent: {@code 0.00007}, not {@code 7.0E-5}), 10 decimal places at most. */
    static BigDecimal usd(double v) {
        BigDecimal d = BigDecimal.valueOf(v).setScale(10, RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() < 1 ? d.setScale(1) : d;
    }
}
