package io.blufio.llm;

import java.util.List;

/**
 * One model call.
 *
 * @param systemPrompt the stable prefix; cached by providers that support prompt caching
 * @param messages the conversation, oldest first, starting with a user message
 * @param tools tools the model may call (may be empty)
 * @param model the model id to call, or null for the provider's configured model ({@link Provider#model()});
 *     model routing ({@code [routing]}) sets it per call
 */
public record ChatRequest(String systemPrompt, List<ChatMessage> messages, List<ToolSpec> tools, String model) {
    public ChatRequest {
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
    }

    /** A call to the provider's configured model. */
    public ChatRequest(String systemPrompt, List<ChatMessage> messages, List<ToolSpec> tools) {
        this(systemPrompt, messages, tools, null);
    }

    /** Returns the model this request calls: {@link #model()} when set, else {@code configured}. */
    public String modelOr(String configured) {
        return model == null || model.isBlank() ? configured : model;
    }
}
