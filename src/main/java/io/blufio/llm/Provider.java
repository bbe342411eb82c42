package io.blufio.llm;

/**
 * A language model provider. Implementations are thread-safe; one instance serves every session.
 */
public interface Provider {
    /** Returns the provider name used in metrics and the ledger, e.g. {@code anthropic}. */
    String name();

    /** Returns the configured model id. */
    String model();

    /**
     * Calls the model and streams its text to {@code listener} as it arrives. Retries 429, 5xx and
     * overloaded answers up to {@code llm.max_retries} times with exponential backoff, honouring
     * {@code retry-after}; never retries once text has been streamed.
     *
     * @return the complete answer with its usage
     * @throws LlmException with code {@code llm_auth} (key missing or refused), {@code llm_unreachable}
     *     (network), {@code llm_timeout}, {@code llm_rate_limited}, {@code llm_overloaded} (retries used up)
     *     or {@code llm_error} (any other refusal, with the provider's message)
     */
    ChatResult chat(ChatRequest request, StreamListener listener);
}
