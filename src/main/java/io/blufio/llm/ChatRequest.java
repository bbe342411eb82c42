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

    /**
     * Returns the bytes of the request body to count for the input estimate when a server reports no usage:
     * {@code bodyBytes} less the base64 of each picture sent, plus each picture's own estimate
     * ({@link ContentBlock.Image#estimatedTokens()}) in bytes, so a 5 MB photo counts as the ~1600 tokens it
     * costs, not as 2 million.
     */
    public long estimateBytes(long bodyBytes) {
        long bytes = bodyBytes;
        for (ChatMessage m : messages) {
            for (ContentBlock b : m.content()) {
                if (b instanceof ContentBlock.Image i && i.hasData()) {
                    bytes -= 4L * ((i.data().length + 2) / 3);
                    bytes += i.estimatedTokens() * TokenEstimate.BYTES_PER_TOKEN;
                }
            }
        }
        return Math.max(0, bytes);
    }

    /** Returns true when some message carries a picture with its bytes. */
    public boolean hasImages() {
        return messages.stream().anyMatch(m -> m.content().stream().anyMatch(b -> b instanceof ContentBlock.Image i && i.hasData()));
    }
}
