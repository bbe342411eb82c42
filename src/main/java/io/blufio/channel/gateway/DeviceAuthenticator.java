package io.blufio.channel.gateway;

import io.blufio.auth.RequestVerifier;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's {@link RequestAuthenticator}: RFC 9421 signatures by registered devices, checked by
 * {@link RequestVerifier} from the headers first, the body's SHA-256 against the signed {@code Content-Digest}
 * (RFC 9530) afterwards. Every refusal is logged with its reason (never a key or a signature) and answered 401.
 */
public final class DeviceAuthenticator implements RequestAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(DeviceAuthenticator.class);
    private final RequestVerifier verifier;

    public DeviceAuthenticator(RequestVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Optional<Signed> authenticate(String method, String path, String query, Function<String, String> header, long bodyLength) {
        var v = verifier.verifyHeaders(method, path, query, header, bodyLength);
        if (!v.ok()) {
            log.warn("401 for {} {}: {}", method, path, v.reason());
            return Optional.empty();
        }
        return Optional.of(new Signed(v.deviceName(), sha -> {
            boolean ok = RequestVerifier.bodyMatches(header, sha);
            if (!ok) log.warn("401 for {} {}: content_digest_mismatch: sha-256 of the body differs from Content-Digest", method, path);
            return ok;
        }));
    }
}
