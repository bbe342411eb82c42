package io.blufio.tools;

import io.blufio.ErrorCode;
import io.blufio.BlufioException;

/**
 * A tool call refused by a guard; the model sees the message as an error result. Codes:
 * {@code fetch_refused} (URL, scheme or address not allowed), {@code fetch_failed} (network, HTTP or
 * size problem), {@code workspace_refused} (path outside {@code tools.workspace_dir} or over a size limit).
 */
public final class ToolRefusal extends BlufioException {
    private static final long serialVersionUID = 1L;

    /** See the class comment for the codes. */
    public ToolRefusal(String code, String message) {
        super(code, message);
    }

    /** See the class comment for the codes. */
    public ToolRefusal(String code, String message, Throwable cause) {
        super(code, message, cause);
    }

    /** Raises {@code code} of the one table of error codes. */
    public ToolRefusal(ErrorCode code, String message) {
        super(code, message);
    }

    /** Raises {@code code} of the one table of error codes, with the underlying error. */
    public ToolRefusal(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
