package io.blufio.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.auth.RequestSigner;
import io.blufio.fixtures.FakeAnthropicServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPEC section 6, "a nonce seen before within that window" is refused, across a SIGTERM restart of a real {@code serve}. */
final class ReplayEndToEndTest {
    @TempDir Path tmp;
    private final FakeAnthropicServer llm = new FakeAnthropicServer();
    private DaemonProcess daemon;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) daemon.close();
        llm.close();
    }

    @Test
    void capturedSignedMessage_replayedWithinTheWindowAfterASigtermRestart_is401_andNoSecondTurnRuns() throws Exception {
        Map<String, String> env = Map.of("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY, "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url());
        daemon = new DaemonProcess(tmp.resolve("data"), env).start();
        llm.enqueueText("once");
        byte[] body = "{\"content\":\"pay the rent\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> captured = new HashMap<>(RequestSigner.sign("POST", "/v1/messages", null, body, "cli", daemon.cliKey(),
                Instant.now(), RequestSigner.newNonce()));
        HttpResponse<String> first = daemon.send("POST", uri("/v1/messages"), body, captured);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(daemon.send("POST", uri("/v1/messages"), body, captured).statusCode()).isEqualTo(401);  // same process

        assertThat(daemon.terminate()).isZero();
        daemon = new DaemonProcess(tmp.resolve("data"), env).start();
        llm.enqueueText("twice");
        HttpResponse<String> replay = daemon.send("POST", uri("/v1/messages"), body, captured);  // well within 60 s of created

        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(daemon.logText()).contains("nonce_replayed");
        assertThat(llm.requests()).hasSize(1);
        assertThat(daemon.message("a fresh request works").path("content").asText()).isEqualTo("twice");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + daemon.port() + path);
    }
}
