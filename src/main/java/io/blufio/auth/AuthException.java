package io.blufio.auth;

import io.blufio.ErrorCode;
import io.blufio.BlufioException;

/**
 * A device-key operation failed. Codes: {@code device_name} (invalid name), {@code device_exists},
 * {@code device_unknown}, {@code device_revoked}, {@code device_key_missing} (no private key file here),
 * {@code device_key_exists} (refusing to overwrite a key file), {@code device_key_invalid} (file is not
 * a PKCS#8 Ed25519 key), {@code device_key_mismatch} (file does not match the registered public key),
 * {@code device_key_io} (the file system refused).
 *
 * <p>Messages name files and devices, never key material.
 */
public final class AuthException extends BlufioException {
    private static final long serialVersionUID = 1L;

    /** Creates an error with a stable code and an actionable message. */
    public AuthException(String code, String message) {
        super(code, message);
    }

    /** Creates an error with a stable code, an actionable message and the cause (never one holding key bytes). */
    public AuthException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }

    /** Raises {@code code} of the one table of error codes. */
    public AuthException(ErrorCode code, String message) {
        super(code, message);
    }

    /** Raises {@code code} of the one table of error codes, with the underlying error. */
    public AuthException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
