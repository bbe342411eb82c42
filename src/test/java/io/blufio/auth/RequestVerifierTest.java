package io.blufio.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.store.Database;
import io.blufio.store.DeviceStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RequestVerifierTest {
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final byte[] BODY = "{\"content\":\"hi\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir Path dir;
    Database db;
    DeviceStore store;
    KeyPair laptop;
    final AtomicLong nanos = new AtomicLong();
    final NonceCache nonces = new NonceCache(nanos::get);

    @BeforeEach
    void setUp() {
        db = Database.open(dir.resolve("t.db"));
        store = new DeviceStore(db);
        laptop = DeviceKeys.generate();
        store.add("laptop", DeviceKeys.rawPublicKey(laptop.getPublic()), NOW);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void verify_signedGetWithoutBody_accepts() {
        Verification v = verify("GET", "/v1/health", null, sign("GET", "/v1/health", null, null, NOW, "n1"), null);

        assertThat(v.ok()).isTrue();
        assertThat(v.deviceName()).isEqualTo("laptop");
        assertThat(v.reason()).isEqualTo("ok");
    }

    @Test
    void verify_signedPostWithBodyAndQuery_accepts() {
        Map<String, String> h = sign("POST", "/v1/messages", "stream=1&x=%20", BODY, NOW, "n1");

        assertThat(verify("POST", "/v1/messages", "stream=1&x=%20", h, BODY).ok()).isTrue();
    }

    @Test
    void verify_unknownKeyid_rejects() {
        Map<String, String> h = RequestSigner.sign("GET", "/v1/health", null, null, "phone", laptop.getPrivate(), NOW, "n1");

        assertRejected(verify("GET", "/v1/health", null, h, null), "keyid_unknown");
    }

    @Test
    void verify_revokedDevice_rejects() {
        store.revoke("laptop", NOW);

        assertRejected(verify("GET", "/", null, sign("GET", "/", null, null, NOW, "n1"), null), "keyid_revoked");
    }

    @Test
    void verify_created61sOldOrAhead_rejects_60sAccepted() {
        for (long s : new long[] {-61, 61}) {
            Map<String, String> h = sign("GET", "/", null, null, NOW.plusSeconds(s), "n" + s);
            assertRejected(verify("GET", "/", null, h, null), "created_out_of_window");
        }
        for (long s : new long[] {-60, 60}) {
            Map<String, String> h = sign("GET", "/", null, null, NOW.plusSeconds(s), "ok" + s);
            assertThat(verify("GET", "/", null, h, null).ok()).as("created %d s from now", s).isTrue();
        }
    }

    @Test
    void verify_replayedNonce_rejectsUntilTheWindowPassed() {
        Map<String, String> h = sign("GET", "/", null, null, NOW, "n1");
        assertThat(verify("GET", "/", null, h, null).ok()).isTrue();

        assertRejected(verify("GET", "/", null, h, null), "nonce_replayed");
        nanos.addAndGet(SignatureWindow.NONCE_TTL.toNanos()); // forgotten, but by then created is out of window
        assertRejected(verifyAt(NOW.plus(SignatureWindow.NONCE_TTL), "GET", "/", null, h, null), "created_out_of_window");
    }

    @Test
    void verify_badSignature_doesNotConsumeTheNonce() {
        Map<String, String> genuine = sign("GET", "/", null, null, NOW, "n1");
        Map<String, String> forged = new LinkedHashMap<>(genuine);
        byte[] sig = RequestSignerTest.signatureBytes(genuine);
        sig[0] ^= 1;
        forged.put("Signature", "sig1=:" + Base64.getEncoder().encodeToString(sig) + ":");

        assertRejected(verify("GET", "/", null, forged, null), "signature_invalid");
        assertThat(verify("GET", "/", null, genuine, null).ok()).isTrue();
    }

    @Test
    void verify_alteredRequestParts_reject() {
        Map<String, String> h = sign("POST", "/v1/messages", "a=1", BODY, NOW, "n1");
        byte[] other = "{\"content\":\"rm -rf\"}".getBytes(StandardCharsets.UTF_8);

        Map<String, String> newDigest = new LinkedHashMap<>(h);
        newDigest.put("Content-Digest", ContentDigest.header(other));
        assertRejected(verify("POST", "/v1/messages", "a=1", newDigest, other), "signature_invalid");
        assertRejected(verify("POST", "/v1/sessions", "a=1", h, BODY), "signature_invalid");
        assertRejected(verify("PUT", "/v1/messages", "a=1", h, BODY), "signature_invalid");
        assertRejected(verify("POST", "/v1/messages", "a=2", h, BODY), "signature_invalid");
        assertRejected(verify("POST", "/v1/messages", null, h, BODY), "signature_invalid");
        assertThat(verify("POST", "/v1/messages", "a=1", h, BODY).ok()).isTrue(); // none of the above used the nonce

        // the body is checked after the headers: a signature that verified has used its nonce even if the body then differs
        Map<String, String> h2 = sign("POST", "/v1/messages", "a=1", BODY, NOW, "n2");
        assertRejected(verify("POST", "/v1/messages", "a=1", h2, other), "content_digest_mismatch");
        assertRejected(verify("POST", "/v1/messages", "a=1", h2, BODY), "nonce_replayed");
    }

    @Test
    void verifyHeaders_thenBodyMatches_checksTheDigestOfTheStreamedBody() throws Exception {
        Map<String, String> h = sign("POST", "/v1/messages", null, BODY, NOW, "n1");
        RequestVerifier verifier = new RequestVerifier(store, Clock.fixed(NOW, ZoneOffset.UTC), nonces);
        Verification v = verifier.verifyHeaders("POST", "/v1/messages", null, lookup(h), BODY.length);
        assertThat(v.ok()).isTrue();
        byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(BODY);
        assertThat(RequestVerifier.bodyMatches(lookup(h), sha)).isTrue();
        sha[0] ^= 1;
        assertThat(RequestVerifier.bodyMatches(lookup(h), sha)).isFalse();
        Map<String, String> noDigest = new LinkedHashMap<>(sign("POST", "/v1/messages", null, BODY, NOW, "n2"));
        noDigest.remove("Content-Digest");
        assertRejected(verifier.verifyHeaders("POST", "/v1/messages", null, lookup(noDigest), BODY.length), "content_digest_missing");
    }

    @Test
    void verify_missingOrMalformedHeaders_reject() {
        Map<String, String> h = sign("POST", "/v1/messages", null, BODY, NOW, "n1");

        assertRejected(verify("POST", "/v1/messages", null, without(h, "Signature-Input"), BODY), "signature_input_missing");
        assertRejected(verify("POST", "/v1/messages", null, without(h, "Signature"), BODY), "signature_missing");
        assertRejected(verify("POST", "/v1/messages", null, without(h, "Content-Digest"), BODY), "content_digest_missing");
        assertRejected(verify("POST", "/v1/messages", null, with(h, "Signature-Input", "sig1=(\"@method\""), BODY),
                "signature_input_malformed");
        assertRejected(verify("POST", "/v1/messages", null, with(h, "Signature", "sig1=:not base64:"), BODY),
                "signature_malformed");
        assertRejected(verify("POST", "/v1/messages", null, with(h, "Signature", h.get("Signature").replace("sig1=", "sig2=")), BODY),
                "label_mismatch");
        assertRejected(verify("POST", "/v1/messages", null, with(h, "Content-Digest", "sha-512=:AAAA:"), BODY),
                "content_digest_no_sha256");
    }

    @Test
    void verify_bodyWithoutContentDigestCovered_rejects() {
        Map<String, String> h = new LinkedHashMap<>(sign("POST", "/v1/messages", null, null, NOW, "n1"));
        h.put("Content-Digest", ContentDigest.header(BODY));

        assertRejected(verify("POST", "/v1/messages", null, h, BODY), "components_incomplete");
    }

    @Test
    void verify_handMadeParameters_rejectEachProblem() {
        String covered = "(\"@method\" \"@path\" \"@query\")";
        long created = NOW.getEpochSecond();
        assertRejected(custom(covered + ";created=" + created + ";keyid=\"laptop\";nonce=\"n\";alg=\"rsa-pss-sha512\""),
                "alg_unsupported");
        assertRejected(custom(covered + ";created=" + created + ";keyid=\"laptop\""), "nonce_missing");
        assertRejected(custom(covered + ";keyid=\"laptop\";nonce=\"n\""), "created_missing");
        assertRejected(custom(covered + ";created=" + created + ";nonce=\"n\""), "keyid_missing");
        assertRejected(custom("(\"@method\" \"@path\");created=" + created + ";keyid=\"laptop\";nonce=\"n\""),
                "components_incomplete");
        assertRejected(custom("(\"@method\" \"@path\" \"@query\" \"@method\");created=" + created + ";keyid=\"laptop\";nonce=\"n\""),
                "components_invalid");
        assertRejected(custom(covered + ";created=" + created + ";expires=" + (created - 1) + ";keyid=\"laptop\";nonce=\"n\""),
                "expired");
        assertThat(custom(covered + ";created=" + created + ";keyid=\"laptop\";nonce=\"n\"").ok()).isTrue(); // alg is optional
    }

    @Test
    void verify_coveredExtraHeader_isSignedAndChecked() {
        String input = "(\"@method\" \"@path\" \"@query\" \"x-request-id\");created=" + NOW.getEpochSecond()
                + ";keyid=\"laptop\";nonce=\"n\"";
        Map<String, String> values = new LinkedHashMap<>(Map.of("@method", "GET"));
        values.put("@path", "/");
        values.put("@query", "?");
        values.put("x-request-id", "42");
        Map<String, String> h = handSigned(input, values);

        assertRejected(verify("GET", "/", null, h, null), "component_missing");
        assertRejected(verify("GET", "/", null, with(h, "X-Request-Id", "43"), null), "signature_invalid");
        assertThat(verify("GET", "/", null, with(h, "X-Request-Id", " 42 "), null).ok()).isTrue();
    }

    private Verification custom(String innerList) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("@method", "GET");
        values.put("@path", "/");
        values.put("@query", "?");
        if (!innerList.contains("\"@query\"")) values.remove("@query");
        return verify("GET", "/", null, handSigned(innerList, values), null);
    }

    private Map<String, String> handSigned(String innerList, Map<String, String> values) {
        try {
            Signature ed = Signature.getInstance("Ed25519");
            ed.initSign(laptop.getPrivate());
            ed.update(SignatureBase.build(values, innerList).getBytes(StandardCharsets.UTF_8));
            return Map.of("Signature-Input", "sig1=" + innerList,
                    "Signature", "sig1=:" + Base64.getEncoder().encodeToString(ed.sign()) + ":");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Map<String, String> sign(String method, String path, String query, byte[] body, Instant created, String nonce) {
        return RequestSigner.sign(method, path, query, body, "laptop", laptop.getPrivate(), created, nonce);
    }

    private Verification verify(String method, String path, String query, Map<String, String> headers, byte[] body) {
        return verifyAt(NOW, method, path, query, headers, body);
    }

    private Verification verifyAt(Instant now, String method, String path, String query, Map<String, String> headers, byte[] body) {
        Map<String, String> lookup = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        lookup.putAll(headers);
        return new RequestVerifier(store, Clock.fixed(now, ZoneOffset.UTC), nonces).verify(method, path, query, lookup::get, body);
    }

    private static java.util.function.Function<String, String> lookup(Map<String, String> headers) {
        Map<String, String> lookup = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        lookup.putAll(headers);
        return lookup::get;
    }

    private static Map<String, String> without(Map<String, String> headers, String name) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.remove(name);
        return copy;
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return copy;
    }

    private static void assertRejected(Verification v, String code) {
        assertThat(v.ok()).as(v.reason()).isFalse();
        assertThat(v.deviceName()).isNull();
        assertThat(v.reason()).startsWith(code + ": ");
    }
}
