package io.blufio.channel.gateway;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Checks the signature of a request to a signed route from its headers alone, before any byte of the body
 * is read (SPEC section 6). The body is then read only for an accepted signature, and its SHA-256 (computed
 * by the gateway while it streams the body) is checked against the signed {@code Content-Digest} field.
 */
@FunctionalInterface
public interface RequestAuthenticator {
    /**
     * @param header case-insensitive header lookup, null when absent
     * @param bodyLength the declared {@code Content-Length}, 0 when there is no body
     * @return the signer when the headers carry a valid signature by an active device, else empty (answered
     *     401 without reading the body)
     */
    Optional<Signed> authenticate(String method, String path, String rawQuery, Function<String, String> header, long bodyLength);

    /**
     * An accepted signature.
     *
     * @param device the device that signed
     * @param bodyDigestMatches tests the SHA-256 of the received body against the signed digest (unused
     *     when there is no body); false is answered 401
     */
    record Signed(String device, Predicate<byte[]> bodyDigestMatches) {}
}
