package io.blufio.llm;

import io.blufio.ErrorCode;

/**
 * Every way a model call can end without a usable answer, with its stable {@link #code()} (API error
 * bodies, logs, {@code blufio_errors_total{kind}}). The gateway answers every code with 502 Bad Gateway,
 * except {@link #TIMEOUT} (504). README, section "What a model server can answer", has the full table.
 */
public enum LlmError {
    /** The key is missing or the provider refused it (HTTP 401/403). Not retried. */
    AUTH(ErrorCode.LLM_AUTH),
    /** No connection: refused, unknown host, network down. */
    UNREACHABLE(ErrorCode.LLM_UNREACHABLE),
    /** The call outlived {@code llm.request_timeout_s} (the stream is closed; text so far was seen). */
    TIMEOUT(ErrorCode.LLM_TIMEOUT),
    /** HTTP 429 after {@code llm.max_retries}, or a {@code rate_limit_error} event mid-stream. */
    RATE_LIMITED(ErrorCode.LLM_RATE_LIMITED),
    /** HTTP 503/529 after the retries, or an {@code overloaded_error} event mid-stream. */
    OVERLOADED(ErrorCode.LLM_OVERLOADED),
    /** Any other refusal of the request (HTTP 4xx/5xx), quoting the provider's message. */
    REQUEST_REFUSED(ErrorCode.LLM_ERROR),
    /**
     * HTTP 400 naming the conversation ({@code messages...}, tool_use/tool_result pairing, role order): the
     * stored history is what the provider refuses. The agent sets that history aside once and retries.
     */
    HISTORY_INVALID(ErrorCode.LLM_HISTORY_INVALID),
    /** An error event inside a 200 stream: Anthropic {@code event: error}, OpenAI {@code data: {"error": ...}}. */
    STREAM_ERROR(ErrorCode.LLM_STREAM_ERROR),
    /** The stream ended (or broke off) before its final event: no {@code message_stop} / {@code finish_reason}. */
    INCOMPLETE(ErrorCode.LLM_INCOMPLETE),
    /** An event that is not the documented JSON: the server does not speak the protocol. */
    PROTOCOL(ErrorCode.LLM_PROTOCOL),
    /** The model stopped at once: no text and no tool call ({@code "content": []}). Billed, never stored. */
    EMPTY_ANSWER(ErrorCode.LLM_EMPTY_ANSWER),
    /** Cut off at {@code max_tokens} before any text (e.g. inside a tool call). Billed, never stored. */
    TRUNCATED(ErrorCode.LLM_TRUNCATED),
    /** A refusal or content-filter stop ({@code refusal}, {@code content_filter}, OpenAI {@code delta.refusal}). */
    REFUSED(ErrorCode.LLM_REFUSED);

    private final ErrorCode code;

    LlmError(ErrorCode code) {
        this.code = code;
    }

    /** Returns the stable snake_case code, e.g. {@code llm_stream_error}. */
    public String code() {
        return code.code();
    }

    /** Returns this error's entry in the one table of error codes. */
    public ErrorCode errorCode() {
        return code;
    }
}
