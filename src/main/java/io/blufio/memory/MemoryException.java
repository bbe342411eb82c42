package io.blufio.memory;

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
}
