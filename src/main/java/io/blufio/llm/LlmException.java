package io.blufio.llm;

import io.blufio.BlufioException;

/** A model call failed; {@link #code()} says how (see {@link Provider#chat}). Messages never carry the key. */
public final class LlmException extends BlufioException {
    private static final long serialVersionUID = 1L;
    private final int httpStatus;

    /**
     * @param code one of {@code llm_auth}, {@code llm_unreachable}, {@code llm_timeout}, {@code llm_rate_limited},
     *     {@code llm_overloaded}, {@code llm_error}
     * @param httpStatus the provider's HTTP status, 0 when there was no answer
     */
    public LlmException(String code, int httpStatus, String message, Throwable cause) {
        super(code, message, cause);
        this.httpStatus = httpStatus;
    }

    /** Returns the provider's HTTP status, 0 when none was received. */
    public int httpStatus() {
        return httpStatus;
    }
}
