package io.blufio;

/**
 * Root of every error blufio raises on purpose. Each carries a stable {@link #code()} (snake_case,
 * used in API error bodies, log lines and the CLI's exit-code mapping) and a message a user can act
 * on: what failed, the value and limit with units where there are some, and how to fix it.
 *
 * <p>Messages must never contain a secret (API key, bot token, passphrase); as a last line of defence
 * every message passes through {@link Redactor#redact} when the exception is made, so a provider's error
 * text quoting a key is masked before it reaches a log, an API error body or the database.
 */
public class BlufioException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;

    /**
     * @param code stable snake_case identifier, e.g. {@code config_invalid}
     * @param message what failed and how to fix it
     */
    public BlufioException(String code, String message) {
        super(Redactor.redact(message));
        this.code = code;
    }

    /**
     * @param code stable snake_case identifier
     * @param message what failed and how to fix it
     * @param cause the underlying error, kept for the log
     */
    public BlufioException(String code, String message, Throwable cause) {
        super(Redactor.redact(message), cause);
        this.code = code;
    }

    /** Raises {@code code} (its entry in the one table of error codes) with a message saying what failed and how to fix it. */
    public BlufioException(ErrorCode code, String message) {
        this(code.code(), message);
    }

    /** Raises {@code code} with a message and the underlying error, kept for the log. */
    public BlufioException(ErrorCode code, String message, Throwable cause) {
        this(code.code(), message, cause);
    }

    /** Returns the stable snake_case code of this error, e.g. {@code data_dir_locked}. */
    public String code() {
        return code;
    }
}
