package io.blufio.cli;

import io.blufio.app.App;
import io.blufio.auth.DeviceKeys;
import io.blufio.auth.RequestSigner;
import io.blufio.config.ConfigLoader;
import io.blufio.fixtures.FakeLlmServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon of {@code serve} started in the test JVM (gateway on port 0, real SQLite in {@code dir}) against a
 * loopback LLM stand-in, with requests signed by the local {@code cli} device. The memory monitor's limits are
 * raised above the test JVM's RSS unless {@code extraEnv} sets them.
 */
final class InProcessDaemon implements AutoCloseable {
    private final HttpClient http = HttpClient.newHttpClient();
    final App daemon;
    private final PrivateKey key;

    InProcessDaemon(Path dir, FakeLlmServer llm, String apiKey, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(Map.of("HOME", dir.toString(), "ANTHROPIC_API_KEY", apiKey,
                "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(), "BLUFIO_GATEWAY__PORT", "0",
                "BLUFIO_DAEMON__MEMORY_WARN_MB", "8192", "BLUFIO_DAEMON__MEMORY_LIMIT_MB", "16384"));
        env.putAll(extraEnv);
        daemon = App.start(ConfigLoader.load(Optional.empty(), Optional.of(dir.resolve("data")), env), true);
        key = DeviceKeys.readPrivateKey(dir.resolve("data/devices/cli.key"));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + daemon.port() + path);
    }

    /** Returns a POST of {@code body} to {@code path}, signed; add headers before sending. */
    HttpRequest.Builder signedPost(String path, byte[] body) {
        URI uri = uri(path);
        var rb = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        RequestSigner.sign("POST", uri.getRawPath(), uri.getRawQuery(), body, "cli", key, Instant.now(), RequestSigner.newNonce())
                .forEach(rb::header);
        return rb;
    }

    /** Returns the test's HTTP client (for requests sent asynchronously). */
    HttpClient http() {
        return http;
    }

    <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) throws Exception {
        return http.send(request.build(), handler);
    }

    /** Sends a signed POST and returns the answer as text. */
    HttpResponse<String> post(String path, byte[] body) throws Exception {
        return send(signedPost(path, body), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a signed GET of {@code pathAndQuery} and returns the answer as text. */
    HttpResponse<String> signedGet(String pathAndQuery) throws Exception {
        URI uri = uri(pathAndQuery);
        var rb = HttpRequest.newBuilder(uri).GET();
        RequestSigner.sign("GET", uri.getRawPath(), uri.getRawQuery(), new byte[0], "cli", key, Instant.now(), RequestSigner.newNonce())
                .forEach(rb::header);
        return send(rb, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends an unsigned GET. */
    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        daemon.close();
    }
}
