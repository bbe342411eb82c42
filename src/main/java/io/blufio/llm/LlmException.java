package io.blufio.llm;

import io.blufio.BlufioException;

/**
 * A model call ended without a usable answer; {@link #error()} says how (see {@link Provider#chat}).
 * Messages never carry the key. When the server had already counted tokens (an empty, refused or cut
 * answer, an error mid-stream), {@link #usage()} holds them (reported or estimated) so they are billed.
 */
public final class LlmException extends BlufioException {
    private static final long serialVersionUID = 1L;
    private final LlmError error;
    private final int httpStatus;
    private final transient Usage usage;

    /**
     * @param httpStatus the provider's HTTP status, 0 when there was no answer
     * @param usage tokens the failed call used, {@link Usage#ZERO} when none
     */
    public LlmException(LlmError error, int httpStatus, String message, Throwable cause, Usage usage) {
        super(error.code(), message, cause);
        this.error = error;
        this.httpStatus = httpStatus;
        this.usage = usage == null ? Usage.ZERO : usage;
    }

    /** A failure that used no tokens. */
    public LlmException(LlmError error, int httpStatus, String message, Throwable cause) {
        this(error, httpStatus, message, cause, Usage.ZERO);
    }

    /** Returns what went wrong. */
    public LlmError error() {
        return error;
    }

    /** Returns the provider's HTTP status, 0 when none was received. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Returns the tokens this failed call used and that are billed, {@link Usage#ZERO} for none. */
    public Usage usage() {
        return usage;
    }

    /** Returns a copy carrying {@code billed} as its usage. */
    LlmException withUsage(Usage billed) {
        LlmException copy = new LlmException(error, httpStatus, getMessage(), getCause(), billed);
        copy.setStackTrace(getStackTrace());
        return copy;
    }
}
