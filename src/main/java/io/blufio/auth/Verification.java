package io.blufio.auth;

/**
 * What {@link RequestVerifier#verify} decided. On acceptance {@link #deviceName()} is the signing device
 * and {@link #reason()} is {@code ok}; on rejection {@link #deviceName()} is null and {@link #reason()}
 * starts with a stable code, then detail, for the log only (the HTTP answer is a bare 401):
 *
 * <ul>
 *   <li>{@code signature_input_missing}, {@code signature_missing}: header absent
 *   <li>{@code signature_input_malformed}, {@code signature_malformed}: not the RFC 8941 shape expected,
 *       or not exactly one signature
 *   <li>{@code label_mismatch}: the two headers name different signatures
 *   <li>{@code components_invalid}: duplicate, parameterised or unsupported component;
 *       {@code components_incomplete}: {@code @method}, {@code @path}, {@code @query}, or (with a body)
 *       {@code content-digest} not covered; {@code component_missing}: a covered header is absent
 *   <li>{@code alg_unsupported}, {@code keyid_missing}, {@code created_missing}, {@code created_out_of_window},
 *       {@code expired}, {@code nonce_missing}, {@code nonce_invalid}
 *   <li>{@code keyid_unknown}, {@code keyid_revoked}
 *   <li>{@code content_digest_missing}, {@code content_digest_malformed}, {@code content_digest_no_sha256},
 *       {@code content_digest_mismatch}
 *   <li>{@code signature_invalid}
 *   <li>{@code nonce_replayed}, {@code nonce_cache_full}
 * </ul>
 *
 * @param ok true when the request is authenticated
 * @param deviceName the device that signed, null when rejected
 * @param reason {@code ok}, or the code and detail of the rejection
 */
public record Verification(boolean ok, String deviceName, String reason) {
    static Verification accepted(String deviceName) {
        return new Verification(true, deviceName, "ok");
    }

    static Verification rejected(String code, String detail) {
        return new Verification(false, null, code + ": " + detail);
    }
}
