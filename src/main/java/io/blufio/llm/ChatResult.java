package io.blufio.llm;

/**
 * The answer of one model call.
 *
 * @param message the assistant message (text and tool calls)
 * @param usage tokens counted for this call
 * @param model the model id the provider reports having used
 * @param stopReason why generation stopped, e.g. {@code end_turn}, {@code tool_use}, {@code max_tokens}
 */
public record ChatResult(ChatMessage message, Usage usage, String model, String stopReason) {}
