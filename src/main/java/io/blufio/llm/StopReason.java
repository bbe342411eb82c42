package io.blufio.llm;

import java.util.Locale;

/**
 * Why the model stopped, in one vocabulary for both wire protocols. Anthropic's {@code stop_reason}
 * (https://docs.anthropic.com/en/api/messages#response-stop-reason) and OpenAI's {@code finish_reason}
 * (https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices) map as listed.
 */
public enum StopReason {
    /** The answer is complete: Anthropic {@code end_turn}, {@code stop_sequence}; OpenAI {@code stop}. */
    END_TURN,
    /** The model wants tools run: Anthropic {@code tool_use}; OpenAI {@code tool_calls}, {@code function_call}. */
    TOOL_USE,
    /** Cut at {@code max_tokens}: Anthropic {@code max_tokens}, {@code model_context_window_exceeded}; OpenAI {@code length}. */
    MAX_TOKENS,
    /** Anthropic {@code refusal}: a streaming safety classifier stopped the answer. */
    REFUSAL,
    /** OpenAI {@code content_filter}: the provider's content filter removed or stopped the answer. */
    CONTENT_FILTER,
    /** Anything else the server names ({@code pause_turn}, vendor extensions): treated like {@link #END_TURN}. */
    OTHER;

    /** Returns the Anthropic {@code stop_reason} for {@code value}; null means none was sent. */
    static StopReason fromAnthropic(String value) {
        if (value == null) return null;
        return switch (value) {
            case "end_turn", "stop_sequence" -> END_TURN;
            case "tool_use" -> TOOL_USE;
            case "max_tokens", "model_context_window_exceeded" -> MAX_TOKENS;
            case "refusal" -> REFUSAL;
            default -> OTHER;
        };
    }

    /** Returns the OpenAI {@code finish_reason} for {@code value}; null means none was sent. */
    static StopReason fromOpenAi(String value) {
        if (value == null) return null;
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "stop", "eos", "end_turn" -> END_TURN;
            case "tool_calls", "function_call", "tool_use" -> TOOL_USE;
            case "length", "max_tokens" -> MAX_TOKENS;
            case "content_filter" -> CONTENT_FILTER;
            default -> OTHER;
        };
    }

    /** Returns the lower-case name used in logs and stored results, e.g. {@code max_tokens}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
