package io.blufio.memory;

import io.blufio.ErrorCode;
import io.blufio.BlufioException;

/**
 * A failure of long-term memory. Codes: {@code embedding_failed} (model cannot be extracted, loaded or
 * run), {@code memory_not_found} (no fact with that id), {@code memory_invalid} (empty or oversized text).
 */
public final class MemoryException extends BlufioException {
    private static final long serialVersionUID = 1L;

    /** See the class comment for the codes. */
    public MemoryException(String code, String message) {
        super(code, message);
    }

    /** See the class comment for the codes. */
    public MemoryException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }

    /** Raises {@code code} of the one table of error codes. */
    public MemoryException(ErrorCode code, String message) {
        super(code, message);
    }

    /** Raises {@code code} of the one table of error codes, with the underlying error. */
    public MemoryException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
