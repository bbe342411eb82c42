package io.blufio.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * The {@code Content-Digest} field of RFC 9530 (section 2) with the {@code sha-256} algorithm
 * (section 5): a structured-field dictionary such as {@code sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:}.
 * Other algorithms in the field are ignored; {@code sha-256} is required. Digests are compared in
 * constant time.
 */
final class ContentDigest {
    /** The one algorithm produced and required, from the RFC 9530 registry. */
    static final String ALGORITHM = "sha-256";

    /** What {@link #check} found. */
    enum Outcome { MATCH, MALFORMED, NO_SHA256, MISMATCH }

    private ContentDigest() {}

    /** Returns the field value for {@code body} (null counts as empty): {@code sha-256=:<base64>:}. */
    static String header(byte[] body) {
        return ALGORITHM + "=:" + Base64.getEncoder().encodeToString(sha256(body)) + ":";
    }

    /**
     * Checks a received field value against the body that arrived with it. With {@code body} null only the
     * shape is checked: MALFORMED or NO_SHA256, else MISMATCH (no body to match).
     */
    static Outcome check(String field, byte[] body) {
        Map<String, StructuredFields.Member> members;
        try {
            members = StructuredFields.parseDictionary(field);
        } catch (StructuredFields.ParseException e) {
            return Outcome.MALFORMED;
        }
        StructuredFields.Member member = members.get(ALGORITHM);
        if (member == null) return Outcome.NO_SHA256;
        if (!(member instanceof StructuredFields.Item item) || !(item.value() instanceof byte[] claimed)) {
            return Outcome.MALFORMED;
        }
        if (body == null) return Outcome.MISMATCH;
        return MessageDigest.isEqual(claimed, sha256(body)) ? Outcome.MATCH : Outcome.MISMATCH;
    }

    /** Returns true when the field's {@code sha-256} member equals {@code sha256} (constant time); false when absent or malformed. */
    static boolean matches(String field, byte[] sha256) {
        if (field == null || sha256 == null) return false;
        try {
            if (StructuredFields.parseDictionary(field).get(ALGORITHM) instanceof StructuredFields.Item item
                    && item.value() instanceof byte[] claimed) {
                return MessageDigest.isEqual(claimed, sha256);
            }
            return false;
        } catch (StructuredFields.ParseException e) {
            return false;
        }
    }

    static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
