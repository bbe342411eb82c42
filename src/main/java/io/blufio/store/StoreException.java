package io.blufio.store;

import io.blufio.ErrorCode;
import io.blufio.BlufioException;

/** A database or data-dir operation failed. Codes: {@code store_error}, {@code data_dir_locked}, {@code data_dir}, {@code schema_too_new}. */
public final class StoreException extends BlufioException {
    private static final long serialVersionUID = 1L;

    /** Creates an error with a stable code and an actionable message. */
    public StoreException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }

    /** Creates an error with a stable code and an actionable message. */
    public StoreException(String code, String message) {
        super(code, message);
    }

    /** Raises {@code code} of the one table of error codes. */
    public StoreException(ErrorCode code, String message) {
        super(code, message);
    }

    /** Raises {@code code} of the one table of error codes, with the underlying error. */
    public StoreException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
