package io.blufio.llm;

import java.util.List;

/**
 * One model call.
 *
 * @param systemPrompt the stable prefix; cached by providers that support prompt caching
 * @param messages the conversation, oldest first, starting with a user message
 * @param tools tools the model may call (may be empty)
 */
public record ChatRequest(String systemPrompt, List<ChatMessage> messages, List<ToolSpec> tools) {
    public ChatRequest {
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
    }
}
