package io.blufio.llm;

/**
 * A usable answer of one model call: text, tool calls, or both (see {@link Provider#chat} for the
 * outcomes that are not answers).
 *
 * @param message the assistant message: non-empty text blocks and complete tool calls, at least one block
 * @param usage tokens counted for this call (possibly {@linkplain Usage#estimated() estimated})
 * @param model the model id the provider reports having used
 * @param stopReason why generation stopped; {@link StopReason#MAX_TOKENS} means the text was cut off
 */
public record ChatResult(ChatMessage message, Usage usage, String model, StopReason stopReason) {}
