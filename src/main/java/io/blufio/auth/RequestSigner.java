package io.blufio.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs API requests the way {@link RequestVerifier} checks them: RFC 9421 HTTP Message Signatures with
 * {@code alg="ed25519"} (section 3.3.6) over {@code @method}, {@code @path}, {@code @query} and, when there
 * is a body, {@code content-digest} (RFC 9530, sha-256), with the {@code created}, {@code keyid},
 * {@code nonce} and {@code alg} parameters (section 2.3). The signature label is {@link #LABEL}.
 */
public final class RequestSigner {
    /** The signature label used in {@code Signature-Input} and {@code Signature}. */
    public static final String LABEL = "sig1";
    /** The RFC 9421 algorithm name (section 6.2.2 registry). */
    public static final String ALG = "ed25519";
    /** Header carrying the RFC 9530 digest of the body. */
    public static final String CONTENT_DIGEST = "Content-Digest";
    /** Header carrying the covered components and parameters (RFC 9421 section 4.1). */
    public static final String SIGNATURE_INPUT = "Signature-Input";
    /** Header carrying the signature bytes (RFC 9421 section 4.2). */
    public static final String SIGNATURE = "Signature";
    /** Random bytes in a {@link #newNonce()}: 16, i.e. 128 bits. */
    public static final int NONCE_BYTES = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestSigner() {}

    /**
     * Returns the headers to add to a request: {@code Content-Digest} (only when {@code body} is not empty),
     * {@code Signature-Input} and {@code Signature}, in that order.
     *
     * @param method HTTP method; signed upper-cased
     * @param path the absolute path as it goes on the wire (percent-encoding kept)
     * @param rawQuery the query as it goes on the wire, without {@code ?}; null when there is none
     * @param body the body, null or empty when there is none
     * @param keyId the device name, sent as {@code keyid}
     * @param key the device's Ed25519 private key
     * @param now the signing time, sent as {@code created} in whole seconds (fraction dropped)
     * @param nonce a fresh value from {@link #newNonce()}; printable ASCII
     * @throws IllegalArgumentException if {@code key} is not an Ed25519 key
     */
    public static Map<String, String> sign(String method, String path, String rawQuery, byte[] body, String keyId,
            PrivateKey key, Instant now, String nonce) {
        StructuredFields.InnerList params = params(body, keyId, now, nonce);
        String base = signatureBase(method, path, rawQuery, body, params);
        byte[] signature;
        try {
            Signature ed = Signature.getInstance(DeviceKeys.ALGORITHM);
            ed.initSign(key);
            ed.update(base.getBytes(StandardCharsets.UTF_8));
            signature = ed.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: it must be an Ed25519 private key");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (hasBody(body)) headers.put(CONTENT_DIGEST, ContentDigest.header(body));
        headers.put(SIGNATURE_INPUT, LABEL + "=" + StructuredFields.serialize(params));
        headers.put(SIGNATURE, LABEL + "=:" + Base64.getEncoder().encodeToString(signature) + ":");
        return headers;
    }

    /** Returns a fresh nonce: {@link #NONCE_BYTES} random bytes, base64url without padding (22 characters). */
    public static String newNonce() {
        byte[] bytes = new byte[NONCE_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Returns the exact RFC 9421 section 2.5 signature base that {@link #sign} signs for these inputs. */
    static String signatureBase(String method, String path, String rawQuery, byte[] body, String keyId, Instant now,
            String nonce) {
        return signatureBase(method, path, rawQuery, body, params(body, keyId, now, nonce));
    }

    private static String signatureBase(String method, String path, String rawQuery, byte[] body,
            StructuredFields.InnerList params) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("@method", SignatureBase.method(method));
        values.put("@path", SignatureBase.path(path));
        values.put("@query", SignatureBase.query(rawQuery));
        if (hasBody(body)) values.put("content-digest", ContentDigest.header(body));
        return SignatureBase.build(values, StructuredFields.serialize(params));
    }

    private static StructuredFields.InnerList params(byte[] body, String keyId, Instant now, String nonce) {
        List<StructuredFields.Item> covered = new ArrayList<>();
        for (String c : hasBody(body) ? List.of("@method", "@path", "@query", "content-digest")
                : List.of("@method", "@path", "@query")) {
            covered.add(new StructuredFields.Item(c, Map.of()));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("created", now.getEpochSecond());
        params.put("keyid", keyId);
        params.put("nonce", nonce);
        params.put("alg", ALG);
        return new StructuredFields.InnerList(covered, params);
    }

    static boolean hasBody(byte[] body) {
        return body != null && body.length > 0;
    }
}
