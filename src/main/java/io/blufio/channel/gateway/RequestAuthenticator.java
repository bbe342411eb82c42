package io.blufio.channel.gateway;

import java.util.Optional;
import java.util.function.Function;

/** Checks the signature of a request to a signed route. */
@FunctionalInterface
public interface RequestAuthenticator {
    /**
     * @param header case-insensitive header lookup, null when absent
     * @return the device name when the request is signed by an active device, else empty (answered 401)
     */
    Optional<String> authenticate(String method, String path, String rawQuery, Function<String, String> header, byte[] body);
}
