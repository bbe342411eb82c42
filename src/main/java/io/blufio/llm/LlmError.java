package io.blufio.llm;

/**
 * Every way a model call can end without a usable answer, with its stable {@link #code()} (API error
 * bodies, logs, {@code blufio_errors_total{kind}}). The gateway answers every code with 502 Bad Gateway,
 * except {@link #TIMEOUT} (504). README, section "What a model server can answer", has the full table.
 */
public enum LlmError {
    /** The key is missing or the provider refused it (HTTP 401/403). Not retried. */
    AUTH("llm_auth"),
    /** No connection: refused, unknown host, network down. */
    UNREACHABLE("llm_unreachable"),
    /** The call outlived {@code llm.request_timeout_s} (the stream is closed; text so far was seen). */
    TIMEOUT("llm_timeout"),
    /** HTTP 429 after {@code llm.max_retries}, or a {@code rate_limit_error} event mid-stream. */
    RATE_LIMITED("llm_rate_limited"),
    /** HTTP 503/529 after the retries, or an {@code overloaded_error} event mid-stream. */
    OVERLOADED("llm_overloaded"),
    /** Any other refusal of the request (HTTP 4xx/5xx), quoting the provider's message. */
    REQUEST_REFUSED("llm_error"),
    /**
     * HTTP 400 naming the conversation ({@code messages...}, tool_use/tool_result pairing, role order): the
     * stored history is what the provider refuses. The agent sets that history aside once and retries.
     */
    HISTORY_INVALID("llm_history_invalid"),
    /** An error event inside a 200 stream: Anthropic {@code event: error}, OpenAI {@code data: {"error": ...}}. */
    STREAM_ERROR("llm_stream_error"),
    /** The stream ended (or broke off) before its final event: no {@code message_stop} / {@code finish_reason}. */
    INCOMPLETE("llm_incomplete"),
    /** An event that is not the documented JSON: the server does not speak the protocol. */
    PROTOCOL("llm_protocol"),
    /** The model stopped at once: no text and no tool call ({@code "content": []}). Billed, never stored. */
    EMPTY_ANSWER("llm_empty_answer"),
    /** Cut off at {@code max_tokens} before any text (e.g. inside a tool call). Billed, never stored. */
    TRUNCATED("llm_truncated"),
    /** A refusal or content-filter stop ({@code refusal}, {@code content_filter}, OpenAI {@code delta.refusal}). */
    REFUSED("llm_refused");

    private final String code;

    LlmError(String code) {
        this.code = code;
    }

    /** Returns the stable snake_case code, e.g. {@code llm_stream_error}. */
    public String code() {
        return code;
    }
}
