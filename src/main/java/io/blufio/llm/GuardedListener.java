package io.blufio.llm;

import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;

/**
 * Passes parsed SSE events on to LangChain4j's listener but keeps the parser's I/O error back, so that
 * {@link JdkHttpClient} can report it once, mapped to an {@link LlmException} (or as a timeout when the
 * deadline closed the stream).
 */
final class GuardedListener implements ServerSentEventListener {
    private final ServerSentEventListener delegate;
    private volatile Throwable failure;

    GuardedListener(ServerSentEventListener delegate) {
        this.delegate = delegate;
    }

    /** Returns the error the parser reported, or null when the stream ended cleanly. */
    Throwable failure() {
        return failure;
    }

    @Override
    public void onOpen(SuccessfulHttpResponse response) {
        delegate.onOpen(response);
    }

    @Override
    public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
        delegate.onEvent(event, context);
    }

    @Override
    public void onEvent(ServerSentEvent event) {
        delegate.onEvent(event);
    }

    @Override
    public void onError(Throwable throwable) {
        if (failure == null) failure = throwable;
    }

    @Override
    public void onClose() {
        // JdkHttpClient closes the delegate itself once it knows how the stream ended
    }
}
