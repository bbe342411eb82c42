package io.blufio.channel.gateway;

import io.blufio.BlufioException;

/** An error answered as {@code {"error": {"code", "message"}}} with an HTTP status. */
public final class ApiError extends BlufioException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ApiError(int status, String code, String message) {
        super(code, message);
        this.status = status;
    }

    /** Returns the HTTP status to answer with. */
    public int status() {
        return status;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "bad_request", message);
    }

    static ApiError unauthenticated() {
        return new ApiError(401, "unauthenticated", "a valid RFC 9421 signature by a registered device is required");
    }

    static ApiError notFound(String what) {
        return new ApiError(404, "not_found", what);
    }

    static ApiError bodyTooLarge(int limitBytes) {
        return new ApiError(413, "body_too_large", "the request body is larger than " + limitBytes + " bytes (1 MiB)");
    }
}
