package io.blufio.cli;

import io.blufio.app.DaemonInfo;
import io.blufio.ErrorCode;
import io.blufio.BlufioException;
import io.blufio.auth.RequestSigner;
import io.blufio.store.DataDir;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
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
 * and {@code status}. Finds the daemon through {@code daemon.json} in the data dir. Plain HTTP over loopback
 * through {@link HttpURLConnection} (no proxy): {@code java.net.http.HttpClient} starts a selector thread and
 * builds the default TLS context (the CA store is parsed) before its first request, about 0.1 s of every
 * {@code status} call; it is used only for a method {@code HttpURLConnection} does not know ({@code PATCH}).
 */
final class ApiClient {
    /** Connect timeout to the local daemon. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Methods {@link HttpURLConnection} sends. */
    private static final java.util.Set<String> URL_METHODS = java.util.Set.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS");

    private final String baseUrl;
    private final String keyId;
    private final PrivateKey key;
    private final Clock clock;

    /**
     * An answer of the daemon.
     *
     * @param statusCode the HTTP status
     * @param body the body, streamed as it arrives (the error body for 4xx and 5xx; empty when there is none)
     */
    record Response(int statusCode, InputStream body) {}

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

    /**
     * Sends a signed request; {@code body} may be null. Streams the answer body. {@code timeout} bounds the wait
     * for the answer's head, and then each wait for more of its body (a stream of events may last longer).
     */
    Response send(String method, String pathAndQuery, byte[] body, Map<String, String> extraHeaders, Duration timeout) {
        URI uri = URI.create(baseUrl + pathAndQuery);
        byte[] b = body == null ? new byte[0] : body;
        Map<String, String> headers = new java.util.LinkedHashMap<>(
                RequestSigner.sign(method, uri.getRawPath(), uri.getRawQuery(), b, keyId, key, clock.instant(), RequestSigner.newNonce()));
        if (b.length > 0) headers.put("Content-Type", "application/json");
        headers.putAll(extraHeaders);
        try {
            return URL_METHODS.contains(method) ? viaUrlConnection(uri, method, b, headers, timeout) : viaHttpClient(uri, method, b, headers, timeout);
        } catch (ConnectException e) {
            throw new BlufioException(ErrorCode.DAEMON_UNREACHABLE, "cannot connect to the daemon at " + baseUrl + ": is 'blufio serve' running?", e);
        } catch (IOException e) {
            throw new BlufioException(ErrorCode.DAEMON_UNREACHABLE, "request to the daemon at " + baseUrl + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BlufioException(ErrorCode.INTERRUPTED, "interrupted");
        }
    }

    private static Response viaUrlConnection(URI uri, String method, byte[] body, Map<String, String> headers, Duration timeout) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        c.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        c.setUseCaches(false);
        c.setInstanceFollowRedirects(false);
        c.setRequestMethod(method);
        headers.forEach(c::setRequestProperty);
        if (body.length > 0) {
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
        }
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        return new Response(status, in == null ? InputStream.nullInputStream() : in);
    }

    private static Response viaHttpClient(URI uri, String method, byte[] body, Map<String, String> headers, Duration timeout)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(rb::header);
        HttpResponse<InputStream> res = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new Response(res.statusCode(), res.body());
    }
}
