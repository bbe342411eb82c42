package io.blufio.llm;

import dev.langchain4j.model.anthropic.internal.api.AnthropicStreamingException;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.TokenUsage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * One synchronous model call over a LangChain4j {@link StreamingChatModel} wired to {@link JdkHttpClient}:
 * maps the request, forwards text deltas to the {@link StreamListener}, waits for the complete answer and
 * maps it (or the failure) back. Stateless per call, so one instance serves any number of threads.
 */
final class StreamingCall {
    private final StreamingChatModel model;
    private final Vendor vendor;
    private final String configuredModel;
    private final Function<TokenUsage, Usage> usageReader;

    /**
     * @param configuredModel the model id reported when the provider does not name one
     * @param usageReader reads the provider-specific token usage (with cache tokens) into {@link Usage}
     */
    StreamingCall(StreamingChatModel model, Vendor vendor, String configuredModel,
            Function<TokenUsage, Usage> usageReader) {
        this.model = model;
        this.vendor = vendor;
        this.configuredModel = configuredModel;
        this.usageReader = usageReader;
    }

    /** Runs the call on the calling thread; see {@link Provider#chat} for the errors thrown. */
    ChatResult chat(ChatRequest request, StreamListener listener) {
        var builder = dev.langchain4j.model.chat.request.ChatRequest.builder()
                .messages(MessageMapper.toLangChain(request))
                .toolSpecifications(ToolSchemas.toSpecifications(request.tools()));
        if (request.model() != null && !request.model().isBlank()) builder.modelName(request.model());  // routed model
        var lcRequest = builder.build();
        CompletableFuture<ChatResponse> answer = new CompletableFuture<>();
        try {
            model.chat(lcRequest, new Handler(listener, answer));
        } catch (LlmException e) {
            throw e;
        } catch (RuntimeException e) {
            throw toLlm(e);
        }
        if (!answer.isDone()) {
            // JdkHttpClient streams on this thread: returning without an answer means the stream just ended
            throw new LlmException("llm_error", 0, "the answer stream from " + vendor.displayName()
                    + " ended before its final event; the turn can be retried", null);
        }
        try {
            return toResult(answer.get(), request.modelOr(configuredModel));
        } catch (ExecutionException e) {
            throw toLlm(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException("llm_error", 0, "the model call was interrupted", e);
        }
    }

    private ChatResult toResult(ChatResponse response, String requestedModel) {
        var metadata = response.metadata();
        String modelName = metadata == null || metadata.modelName() == null ? requestedModel : metadata.modelName();
        TokenUsage tokens = metadata == null ? null : metadata.tokenUsage();
        Usage usage = tokens == null ? Usage.ZERO : usageReader.apply(tokens);
        return new ChatResult(MessageMapper.fromAiMessage(response.aiMessage()), usage, modelName,
                MessageMapper.stopReason(metadata == null ? null : metadata.finishReason()));
    }

    /** Returns the LlmException inside {@code error}, or one made from what LangChain4j reported. */
    private LlmException toLlm(Throwable error) {
        for (Throwable c = error; c != null; c = c.getCause()) {
            if (c instanceof LlmException llm) return llm;
            if (c.getCause() == c) break;
        }
        String name = vendor.displayName();
        if (error instanceof AnthropicStreamingException s) {
            String code = switch (String.valueOf(s.type())) {
                case "overloaded_error" -> "llm_overloaded";
                case "rate_limit_error" -> "llm_rate_limited";
                default -> "llm_error";
            };
            return new LlmException(code, 0, name + " reported an error mid-stream: " + s.getMessage()
                    + " [" + s.type() + "]; the turn can be retried", s);
        }
        return new LlmException("llm_error", 0, "the " + name + " call failed: " + error, error);
    }

    /** Collects one streamed answer; called on the thread that runs the stream. */
    private record Handler(StreamListener listener, CompletableFuture<ChatResponse> answer)
            implements StreamingChatResponseHandler {
        @Override
        public void onPartialResponse(String delta) {
            listener.onText(delta);
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            answer.complete(response);
        }

        @Override
        public void onError(Throwable error) {
            answer.completeExceptionally(error);
        }
    }
}
