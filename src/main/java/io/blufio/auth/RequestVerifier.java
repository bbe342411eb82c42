package io.blufio.auth;

import io.blufio.store.Device;
import io.blufio.store.DeviceStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks the RFC 9421 signature of an API request as {@link RequestSigner} makes it (SPEC section 6).
 * Accepts exactly one signature, {@code alg} absent or {@code ed25519}, covering {@code @method},
 * {@code @path}, {@code @query} and, when there is a body, {@code content-digest} (RFC 9530, sha-256,
 * compared in constant time); other covered header fields are allowed. {@code created} must lie within
 * {@link SignatureWindow#MAX_SKEW} of the clock, either way; {@code keyid} must name an active device;
 * {@code nonce} must be new for that device. The nonce is recorded only once the signature verified, so
 * forged requests cannot use up nonces. Each rejection has its own {@link Verification#reason()} code.
 *
 * <p>A server checks the headers first with {@link #verifyHeaders} (signature, window, device, nonce and the
 * shape of {@code Content-Digest}) and reads a body only for an accepted signature; it then compares the
 * body's SHA-256 with {@link #bodyMatches}. {@link #verify} does both for a body already in hand.
 */
public final class RequestVerifier {
    /** Longest accepted nonce, in characters ({@link RequestSigner#newNonce()} makes 22). */
    static final int MAX_NONCE_CHARS = 128;
    private static final List<String> ALWAYS_COVERED = List.of("@method", "@path", "@query");
    private static final Set<String> DERIVED = Set.copyOf(ALWAYS_COVERED);
    private static final Pattern FIELD_NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+");

    private final DeviceStore devices;
    private final Clock clock;
    private final NonceCache nonces;

    /** Creates a verifier reading devices from {@code devices}, time from {@code clock}, nonces into {@code nonces}. */
    public RequestVerifier(DeviceStore devices, Clock clock, NonceCache nonces) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
    }

    /**
     * Verifies one request.
     *
     * @param method HTTP method as received
     * @param path the raw absolute path as received (percent-encoding kept, e.g. {@code URI.getRawPath()})
     * @param rawQuery the raw query without {@code ?}, null when there is none
     * @param header case-insensitive lookup of a request header's value, null when absent
     * @param body the body as received, null or empty when there is none
     * @return acceptance with the device name, or rejection with a reason for the log
     */
    public Verification verify(String method, String path, String rawQuery, Function<String, String> header, byte[] body) {
        Verification v = verifyHeaders(method, path, rawQuery, header, body == null ? 0 : body.length);
        if (v.ok() && RequestSigner.hasBody(body) && !bodyMatches(header, ContentDigest.sha256(body))) {
            return Verification.rejected("content_digest_mismatch", "sha-256 of the body differs from Content-Digest");
        }
        return v;
    }

    /**
     * Verifies a request from its headers alone, before its body is read; the nonce is recorded when the
     * signature verifies. With a body, the caller must then check it with {@link #bodyMatches}.
     *
     * @param bodyLength the declared body length in bytes ({@code Content-Length}), 0 for none
     * @return acceptance with the device name, or rejection with a reason for the log
     */
    public Verification verifyHeaders(String method, String path, String rawQuery, Function<String, String> header, long bodyLength) {
        try {
            return Verification.accepted(check(method, path, rawQuery, header, bodyLength));
        } catch (Rejected r) {
            return Verification.rejected(r.code, r.getMessage());
        }
    }

    /**
     * Returns true when {@code bodySha256}, the SHA-256 of the body as received, equals the {@code sha-256}
     * member of the request's {@code Content-Digest} (RFC 9530), compared in constant time. False when the
     * field is absent or malformed.
     */
    public static boolean bodyMatches(Function<String, String> header, byte[] bodySha256) {
        return ContentDigest.matches(header.apply(RequestSigner.CONTENT_DIGEST), bodySha256);
    }

    private String check(String method, String path, String rawQuery, Function<String, String> header, long bodyLength)
            throws Rejected {
        SignatureFields fields = SignatureFields.parse(header.apply(RequestSigner.SIGNATURE_INPUT),
                header.apply(RequestSigner.SIGNATURE));
        List<String> covered = covered(fields.input());
        boolean hasBody = bodyLength > 0;
        for (String required : ALWAYS_COVERED) requireCovered(covered, required);
        if (hasBody) requireCovered(covered, "content-digest");

        Map<String, Object> params = fields.input().params();
        Object alg = params.get("alg");
        if (alg != null && !RequestSigner.ALG.equals(alg)) throw new Rejected("alg_unsupported", "alg " + alg + " is not ed25519");
        String keyId = param(params, "keyid", String.class, "keyid_missing");
        long created = param(params, "created", Long.class, "created_missing");
        String nonce = param(params, "nonce", String.class, "nonce_missing");
        if (nonce.isEmpty() || nonce.length() > MAX_NONCE_CHARS) {
            throw new Rejected("nonce_invalid", "nonce of " + nonce.length() + " characters (1 to " + MAX_NONCE_CHARS + " allowed)");
        }
        checkTime(created, params.get("expires"));

        Device device = devices.find(keyId).orElseThrow(() -> new Rejected("keyid_unknown", "no device \"" + keyId + "\""));
        if (!device.active()) throw new Rejected("keyid_revoked", "device \"" + keyId + "\" was revoked at " + device.revokedAt());
        checkDigest(header.apply(RequestSigner.CONTENT_DIGEST), bodyLength);

        Map<String, String> values = new LinkedHashMap<>();
        for (String name : covered) values.put(name, value(name, method, path, rawQuery, header));
        String base;
        try {
            base = SignatureBase.build(values, StructuredFields.serialize(fields.input()));
        } catch (IllegalArgumentException e) {
            throw new Rejected("components_invalid", e.getMessage());
        }
        if (!signatureValid(device, base, fields.signature())) {
            throw new Rejected("signature_invalid", "Ed25519 signature by \"" + keyId + "\" does not verify");
        }
        switch (nonces.use(keyId, nonce)) {
            case FIRST -> { return keyId; }
            case REPLAY -> throw new Rejected("nonce_replayed", "nonce of \"" + keyId + "\" already used within "
                    + SignatureWindow.NONCE_TTL.toSeconds() + " s");
            default -> throw new Rejected("nonce_cache_full", NonceCache.MAX_NONCES + " nonces held; refusing until some expire");
        }
    }

    private static List<String> covered(StructuredFields.InnerList input) throws Rejected {
        List<String> names = new ArrayList<>();
        for (StructuredFields.Item item : input.items()) {
            if (!(item.value() instanceof String name)) throw new Rejected("components_invalid", "a component is not a string");
            if (!item.params().isEmpty()) throw new Rejected("components_invalid", "component parameters are not supported: " + name);
            if (name.startsWith("@") ? !DERIVED.contains(name) : !FIELD_NAME.matcher(name).matches()) {
                throw new Rejected("components_invalid", "unsupported component " + StructuredFields.quote(name));
            }
            if (names.contains(name)) throw new Rejected("components_invalid", "component " + name + " covered twice");
            names.add(name);
        }
        return names;
    }

    private static void requireCovered(List<String> covered, String name) throws Rejected {
        if (!covered.contains(name)) throw new Rejected("components_incomplete", name + " is not covered");
    }

    private static <T> T param(Map<String, Object> params, String name, Class<T> type, String missingCode) throws Rejected {
        Object value = params.get(name);
        if (value == null) throw new Rejected(missingCode, "no " + name + " parameter");
        if (!type.isInstance(value)) throw new Rejected("signature_input_malformed", name + " must be a " + type.getSimpleName());
        return type.cast(value);
    }

    private void checkTime(long created, Object expires) throws Rejected {
        Instant now = clock.instant();
        Duration skew = Duration.between(Instant.ofEpochSecond(created), now);
        if (skew.abs().compareTo(SignatureWindow.MAX_SKEW) > 0) {
            throw new Rejected("created_out_of_window", "created " + skew.abs().toSeconds() + " s "
                    + (skew.isNegative() ? "after" : "before") + " the server clock (limit "
                    + SignatureWindow.MAX_SKEW.toSeconds() + " s); check the client's clock");
        }
        if (expires != null && (!(expires instanceof Long e) || now.getEpochSecond() > e)) {
            throw new Rejected("expired", "expires " + expires + " is not an integer after now (" + now.getEpochSecond() + ")");
        }
    }

    /** Checks the shape of {@code Content-Digest}; without a body a present field must match the empty body. */
    private static void checkDigest(String field, long bodyLength) throws Rejected {
        if (field == null) {
            if (bodyLength > 0) throw new Rejected("content_digest_missing", "a body of " + bodyLength + " bytes without Content-Digest");
            return;
        }
        switch (ContentDigest.check(field, bodyLength > 0 ? null : new byte[0])) {
            case MATCH -> { }
            case MALFORMED -> throw new Rejected("content_digest_malformed", "Content-Digest is not a dictionary of byte sequences");
            case NO_SHA256 -> throw new Rejected("content_digest_no_sha256", "Content-Digest has no sha-256 member");
            case MISMATCH -> {
                if (bodyLength == 0) throw new Rejected("content_digest_mismatch", "sha-256 of the empty body differs from Content-Digest");
            }
        }
    }

    private static String value(String name, String method, String path, String rawQuery, Function<String, String> header)
            throws Rejected {
        return switch (name) {
            case "@method" -> SignatureBase.method(method);
            case "@path" -> SignatureBase.path(path);
            case "@query" -> SignatureBase.query(rawQuery);
            default -> {
                String v = header.apply(name);
                if (v == null) throw new Rejected("component_missing", "covered header " + name + " is absent");
                yield v.strip();
            }
        };
    }

    private static boolean signatureValid(Device device, String base, byte[] signature) {
        try {
            Signature ed = Signature.getInstance(DeviceKeys.ALGORITHM);
            ed.initVerify(DeviceKeys.publicKey(device.publicKey()));
            ed.update(base.getBytes(StandardCharsets.UTF_8));
            return ed.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A rejection on its way to a {@link Verification}; carries no stack trace. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;

        Rejected(String code, String detail) {
            super(detail, null, false, false);
            this.code = code;
        }
    }
}
