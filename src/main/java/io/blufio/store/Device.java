package io.blufio.store;

import java.time.Instant;

/**
 * A registered device allowed to call the signed API.
 *
 * @param name unique name, also the RFC 9421 {@code keyid}
 * @param publicKey raw 32-byte Ed25519 public key (RFC 8032)
 * @param createdAt registration time
 * @param revokedAt revocation time, null while valid
 */
public record Device(String name, byte[] publicKey, Instant createdAt, Instant revokedAt) {
    /** Returns true while the device is not revoked. */
    public boolean active() {
        return revokedAt == null;
    }
}
