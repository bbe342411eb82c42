package io.blufio.channel.gateway;

import io.blufio.ErrorCode;
import io.blufio.BlufioException;

/** An error answered as {@code {"error": {"code", "message"}}} with an HTTP status. */
public final class ApiError extends BlufioException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ApiError(int status, String code, String message) {
        super(code, message);
        this.status = status;
    }

    /** Answers {@code code} with its HTTP status from the one table of error codes. */
    public ApiError(ErrorCode code, String message) {
        this(code.httpStatus(), code.code(), message);
    }

    /** Returns the HTTP status to answer with. */
    public int status() {
        return status;
    }

    static ApiError badRequest(String message) {
        return new ApiError(ErrorCode.BAD_REQUEST, message);
    }

    static ApiError unauthenticated() {
        return new ApiError(ErrorCode.UNAUTHENTICATED, "a valid RFC 9421 signature by a registered device is required");
    }

    static ApiError notFound(String what) {
        return new ApiError(ErrorCode.NOT_FOUND, what);
    }

    static ApiError bodyTooLarge(int limitBytes) {
        return new ApiError(ErrorCode.BODY_TOO_LARGE, "the request body is larger than " + limitBytes + " bytes (1 MiB)");
    }
}
