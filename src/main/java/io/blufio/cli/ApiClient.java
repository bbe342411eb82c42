package io.blufio.cli;

import io.blufio.BlufioException;
import io.blufio.auth.RequestSigner;
import io.blufio.store.DataDir;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Signed requests to the local daemon with a device key (RFC 9421), as used by {@code api}, {@code shell}
 * and {@code status}. Finds the daemon through {@code daemon.json} in the data dir.
 */
final class ApiClient {
    /** Connect timeout to the local daemon. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final String baseUrl;
    private final String keyId;
    private final PrivateKey key;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();

    ApiClient(String baseUrl, String keyId, PrivateKey key, Clock clock) {
        this.baseUrl = baseUrl;
        this.keyId = keyId;
        this.key = key;
        this.clock = clock;
    }

    /**
     * Returns a client for the daemon holding {@code dataDir}, or empty when none runs.
     *
     * @throws BlufioException {@code device_key_missing} when the local key cannot be read
     */
    static Optional<ApiClient> forRunningDaemon(DataDir dataDir) {
        if (dataDir.runningPid().isEmpty()) return Optional.empty();
        Optional<DaemonInfo> info = DaemonInfo.read(dataDir.root());
        if (info.isEmpty()) return Optional.empty();
        PrivateKey key = io.blufio.auth.DeviceKeys.readPrivateKey(dataDir.deviceKey("cli"));
        return Optional.of(new ApiClient(info.get().baseUrl(), "cli", key, Clock.systemUTC()));
    }

    /** Sends a signed request; {@code body} may be null. Streams the answer body. */
    HttpResponse<InputStream> send(String method, String pathAndQuery, byte[] body, Map<String, String> extraHeaders, Duration timeout) {
        URI uri = URI.create(baseUrl + pathAndQuery);
        byte[] b = body == null ? new byte[0] : body;
        Map<String, String> sig = RequestSigner.sign(method, uri.getRawPath(), uri.getRawQuery(), b, keyId, key, clock.instant(), RequestSigner.newNonce());
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, b.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(b));
        if (b.length > 0) rb.header("Content-Type", "application/json");
        sig.forEach(rb::header);
        extraHeaders.forEach(rb::header);
        try {
            return http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new BlufioException("daemon_unreachable", "cannot connect to the daemon at " + baseUrl + ": is 'blufio serve' running?", e);
        } catch (IOException e) {
            throw new BlufioException("daemon_unreachable", "request to the daemon at " + baseUrl + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BlufioException("interrupted", "interrupted");
        }
    }
}
