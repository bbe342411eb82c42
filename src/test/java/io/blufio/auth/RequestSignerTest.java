package io.blufio.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class RequestSignerTest {
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z"); // 1740830400
    static final byte[] BODY = "{\"content\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
    static final String NONCE = "AAAAAAAAAAAAAAAAAAAAAA";

    // RFC 9421 Appendix B.1.4 test-key-ed25519 (PKCS#8 PEM of the private key, SPKI of the public key).
    static final String RFC_PRIVATE_PEM = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF
            -----END PRIVATE KEY-----
            """;
    static final byte[] RFC_PUBLIC_SPKI = Base64.getDecoder().decode("MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=");
    // RFC 9421 Appendix B.2.6: signature base and signature sig-b26.
    static final String RFC_B26_BASE = """
            "date": Tue, 20 Apr 2021 02:07:55 GMT
            "@method": POST
            "@path": /foo
            "@authority": example.com
            "content-type": application/json
            "content-length": 18
            "@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519\"""";
    static final String RFC_B26_SIGNATURE =
            "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==";

    @Test
    void signatureBase_withBodyAndQuery_isExactlyTheRfcShape() {
        String base = RequestSigner.signatureBase("post", "/v1/messages", "limit=5&before=abc", BODY, "laptop", NOW, NONCE);

        assertThat(base).isEqualTo("""
                "@method": POST
                "@path": /v1/messages
                "@query": ?limit=5&before=abc
                "content-digest": sha-256=:1xCvd/CKJh+ds4Dq6aDU5WuRMn01npwMdowAnLhJxuY=:
                "@signature-params": ("@method" "@path" "@query" "content-digest");created=1740830400;keyid="laptop";nonce="AAAAAAAAAAAAAAAAAAAAAA";alg="ed25519\"""");
    }

    @Test
    void signatureBase_withoutBodyOrQuery_coversNoDigestAndQueryIsQuestionMark() {
        String base = RequestSigner.signatureBase("GET", "/v1/health", null, null, "cli", NOW, NONCE);

        assertThat(base).isEqualTo("""
                "@method": GET
                "@path": /v1/health
                "@query": ?
                "@signature-params": ("@method" "@path" "@query");created=1740830400;keyid="cli";nonce="AAAAAAAAAAAAAAAAAAAAAA";alg="ed25519\"""");
    }

    @Test
    void sign_withBody_addsDigestInputAndSignatureThatTheJdkVerifies() throws Exception {
        KeyPair pair = DeviceKeys.generate();

        Map<String, String> headers = RequestSigner.sign("POST", "/v1/messages", "a=1", BODY, "laptop", pair.getPrivate(), NOW, NONCE);

        assertThat(headers).containsOnlyKeys("Content-Digest", "Signature-Input", "Signature");
        assertThat(headers.get("Content-Digest")).isEqualTo("sha-256=:1xCvd/CKJh+ds4Dq6aDU5WuRMn01npwMdowAnLhJxuY=:");
        assertThat(headers.get("Signature-Input")).isEqualTo("sig1=(\"@method\" \"@path\" \"@query\" \"content-digest\")"
                + ";created=1740830400;keyid=\"laptop\";nonce=\"AAAAAAAAAAAAAAAAAAAAAA\";alg=\"ed25519\"");
        assertThat(headers.get("Signature")).matches("sig1=:[A-Za-z0-9+/]{86}==:");
        String base = RequestSigner.signatureBase("POST", "/v1/messages", "a=1", BODY, "laptop", NOW, NONCE);
        assertThat(jdkVerifies(pair.getPublic(), base, signatureBytes(headers))).isTrue();
    }

    @Test
    void sign_withEmptyBody_omitsContentDigest() {
        Map<String, String> headers = RequestSigner.sign("GET", "/v1/sessions", null, new byte[0], "cli",
                DeviceKeys.generate().getPrivate(), NOW, NONCE);

        assertThat(headers).containsOnlyKeys("Signature-Input", "Signature");
        assertThat(headers.get("Signature-Input")).startsWith("sig1=(\"@method\" \"@path\" \"@query\");created=");
    }

    @Test
    void rfc9421_b26_signatureBaseBuiltHere_isTheRfcText() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("date", "Tue, 20 Apr 2021 02:07:55 GMT");
        values.put("@method", SignatureBase.method("POST"));
        values.put("@path", SignatureBase.path("/foo"));
        values.put("@authority", "example.com");
        values.put("content-type", "application/json");
        values.put("content-length", "18");
        String params = "(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\")"
                + ";created=1618884473;keyid=\"test-key-ed25519\"";

        assertThat(SignatureBase.build(values, params)).isEqualTo(RFC_B26_BASE);
    }

    @Test
    void rfc9421_b26_publishedSignature_verifiesWithTheRfcPublicKey() throws Exception {
        PublicKey key = DeviceKeys.publicKey(HexFormat.of().parseHex(
                "26b40b8f93fff3d897112f7ebc582b232dbd72517d082fe83cfb30ddce43d1bb"));

        assertThat(key.getEncoded()).isEqualTo(RFC_PUBLIC_SPKI);
        assertThat(jdkVerifies(key, RFC_B26_BASE, Base64.getDecoder().decode(RFC_B26_SIGNATURE))).isTrue();
        assertThat(jdkVerifies(key, RFC_B26_BASE + " ", Base64.getDecoder().decode(RFC_B26_SIGNATURE))).isFalse();
    }

    @Test
    void rfc9421_b26_signingWithTheRfcPrivateKey_reproducesThePublishedSignature() throws Exception {
        PrivateKey key = DeviceKeys.fromPem(RFC_PRIVATE_PEM);
        Signature ed = Signature.getInstance("Ed25519");
        ed.initSign(key);
        ed.update(RFC_B26_BASE.getBytes(StandardCharsets.US_ASCII));

        assertThat(Base64.getEncoder().encodeToString(ed.sign())).isEqualTo(RFC_B26_SIGNATURE); // Ed25519 is deterministic
        assertThat(DeviceKeys.publicKeyOf(key).getEncoded()).isEqualTo(RFC_PUBLIC_SPKI);
    }

    @Test
    void contentDigest_rfc9530Examples_match() {
        // RFC 9530 section 2 and Appendix B: {"hello": "world"} without and with a trailing LF.
        assertThat(ContentDigest.header("{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");
        assertThat(ContentDigest.header("{\"hello\": \"world\"}\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:");
    }

    @Test
    void contentDigest_otherAlgorithmsIgnored_sha256Required() {
        byte[] body = "x".getBytes(StandardCharsets.UTF_8);
        String sha256 = ContentDigest.header(body);

        assertThat(ContentDigest.check("sha-512=:AAAA:, " + sha256, body)).isEqualTo(ContentDigest.Outcome.MATCH);
        assertThat(ContentDigest.check("sha-512=:AAAA:", body)).isEqualTo(ContentDigest.Outcome.NO_SHA256);
        assertThat(ContentDigest.check("sha-256=:AAAA:", body)).isEqualTo(ContentDigest.Outcome.MISMATCH);
        assertThat(ContentDigest.check("sha-256=AAAA", body)).isEqualTo(ContentDigest.Outcome.MALFORMED);
    }

    @Test
    void newNonce_is22Base64UrlCharactersAndFresh() {
        String a = RequestSigner.newNonce();

        assertThat(a).matches("[A-Za-z0-9_-]{22}");
        assertThat(RequestSigner.newNonce()).isNotEqualTo(a);
    }

    static byte[] signatureBytes(Map<String, String> headers) {
        String value = headers.get("Signature");
        return Base64.getDecoder().decode(value.substring("sig1=:".length(), value.length() - 1));
    }

    static boolean jdkVerifies(PublicKey key, String base, byte[] signature) throws Exception {
        Signature ed = Signature.getInstance("Ed25519");
        ed.initVerify(key);
        ed.update(base.getBytes(StandardCharsets.UTF_8));
        return ed.verify(signature);
    }
}
