package io.blufio.agent;

import io.blufio.ErrorCode;
import io.blufio.BlufioException;

/** The agent refused or failed a turn. Codes: {@code shutting_down}, {@code internal}. */
public final class AgentException extends BlufioException {
    private static final long serialVersionUID = 1L;

    public AgentException(String code, String message) {
        super(code, message);
    }

    public AgentException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }

    /** Raises {@code code} of the one table of error codes. */
    public AgentException(ErrorCode code, String message) {
        super(code, message);
    }

    /** Raises {@code code} of the one table of error codes, with the underlying error. */
    public AgentException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
