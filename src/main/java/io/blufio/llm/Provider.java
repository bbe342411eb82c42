package io.blufio.llm;

/**
 * A language model provider. Implementations are thread-safe; one instance serves every session.
 *
 * <p>The contract names every way a call can end (README, "What a model server can answer", has the
 * table of what the user sees, what is stored, billed, logged and counted for each):
 * <ul>
 *   <li><b>text</b>, <b>tool calls</b>, or both: returned as a {@link ChatResult} whose message holds only
 *       non-blank text blocks and complete tool calls, so it can always be stored and replayed;
 *   <li><b>text cut at {@code max_tokens}</b>: returned, {@link StopReason#MAX_TOKENS}; a half-written tool
 *       call at the cut is dropped, never run;
 *   <li><b>usage missing</b> (or zero for a non-empty exchange): returned with {@linkplain Usage#estimated()
 *       estimated} counts ({@link TokenEstimate}), never zero;
 *   <li>everything else is an {@link LlmException} whose {@link LlmException#error()} names it: an
 *       {@linkplain LlmError#EMPTY_ANSWER empty answer}, a {@linkplain LlmError#TRUNCATED cut before any
 *       text}, a {@linkplain LlmError#REFUSED refusal or content filter}, an {@linkplain LlmError#STREAM_ERROR
 *       error event mid-stream}, a stream {@linkplain LlmError#INCOMPLETE without its final event}, a
 *       {@linkplain LlmError#HISTORY_INVALID history the provider refuses}, and the HTTP and network
 *       failures. Where the server counted tokens, {@link LlmException#usage()} carries them for billing.
 * </ul>
 * Tool calls are returned as the model wrote them: whether the tool exists and the arguments are a JSON
 * object is the caller's check (the agent answers such calls with an error result).
 */
public interface Provider {
    /** Returns the provider name used in metrics and the ledger, e.g. {@code anthropic}. */
    String name();

    /** Returns the configured model id. */
    String model();

    /**
     * Calls the model and streams its text to {@code listener} as it arrives. Retries 429, 5xx, overloaded
     * answers and error events that come before any text up to {@code llm.max_retries} times with
     * exponential backoff, honouring {@code retry-after}; never retries once text has been streamed.
     *
     * @return a usable answer with its usage (see the class comment)
     * @throws LlmException for every other outcome, see {@link LlmError}
     */
    ChatResult chat(ChatRequest request, StreamListener listener);
}
