package io.blufio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.auth.DeviceKeys;
import io.blufio.auth.RequestSigner;
import io.blufio.channel.gateway.GatewayServer;
import io.blufio.config.ConfigLoader;
import io.blufio.fixtures.FakeAnthropicServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API in process: real gateway on port 0, real SQLite, real signatures, a wire-faithful LLM stand-in. */
final class GatewayApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir Path tmp;
    private FakeAnthropicServer llm;
    private Daemon daemon;

    @BeforeEach
    void start() {
        llm = new FakeAnthropicServer();
        var loaded = ConfigLoader.load(Optional.empty(), Optional.of(tmp.resolve("data")), Map.of(
                "HOME", tmp.toString(), "ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY,
                "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(), "BLUFIO_GATEWAY__PORT", "0",
                "BLUFIO_DAEMON__MEMORY_WARN_MB", "8192", "BLUFIO_DAEMON__MEMORY_LIMIT_MB", "16384"));
        daemon = Daemon.start(loaded, true);
    }

    @AfterEach
    void stop() {
        daemon.close();
        llm.close();
    }

    private HttpResponse<String> post(String path, byte[] body, Map<String, String> extra) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + daemon.port() + path);
        var key = DeviceKeys.readPrivateKey(tmp.resolve("data/devices/cli.key"));
        var rb = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        RequestSigner.sign("POST", uri.getRawPath(), uri.getRawQuery(), body, "cli", key, Instant.now(), RequestSigner.newNonce()).forEach(rb::header);
        extra.forEach(rb::header);
        return http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void messages_withEventStream_streamsDeltasThenDone() throws Exception {
        llm.enqueueSlowText("one two three four", 20);
        URI uri = URI.create("http://127.0.0.1:" + daemon.port() + "/v1/messages");
        byte[] body = "{\"content\":\"count\",\"session\":\"s1\"}".getBytes(StandardCharsets.UTF_8);
        var key = DeviceKeys.readPrivateKey(tmp.resolve("data/devices/cli.key"));
        var rb = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Accept", "text/event-stream");
        RequestSigner.sign("POST", "/v1/messages", null, body, "cli", key, Instant.now(), RequestSigner.newNonce()).forEach(rb::header);
        HttpResponse<java.io.InputStream> res = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<String> events = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        JsonNode done = null;
        try (var in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            String event = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("event: ")) event = line.substring(7);
                if (line.startsWith("data: ")) {
                    events.add(event);
                    JsonNode data = JSON.readTree(line.substring(6));
                    if (event.equals("delta")) text.append(data.path("text").asText());
                    if (event.equals("done")) done = data;
                }
            }
        }
        assertThat(events.stream().filter("delta"::equals).count()).isGreaterThan(1);
        assertThat(events.get(events.size() - 1)).isEqualTo("done");
        assertThat(text.toString()).isEqualTo("one two three four");
        assertThat(done.path("content").asText()).isEqualTo("one two three four");
        assertThat(done.has("cost_usd")).isTrue();
    }

    @Test
    void messages_bodyAtLimitIsRead_oneBytePastIs413() throws Exception {
        String prefix = "{\"content\":\"";
        String suffix = "\"}";
        int fill = GatewayServer.MAX_BODY_BYTES - prefix.length() - suffix.length();
        byte[] atLimit = (prefix + "a".repeat(fill) + suffix).getBytes(StandardCharsets.UTF_8);
        assertThat(atLimit.length).isEqualTo(GatewayServer.MAX_BODY_BYTES);
        llm.enqueueText("ok");
        assertThat(post("/v1/messages", atLimit, Map.of()).statusCode()).isEqualTo(200);
        byte[] over = (prefix + "a".repeat(fill + 1) + suffix).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = post("/v1/messages", over, Map.of());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).isEqualTo("body_too_large");
    }

    @Test
    void messages_malformedBodies_get400WithReason() throws Exception {
        for (String bad : List.of("not json", "[1]", "{}", "{\"content\":\"\"}", "{\"content\":5}", "{\"content\":\"x\",\"session\":\"../etc\"}")) {
            HttpResponse<String> r = post("/v1/messages", bad.getBytes(StandardCharsets.UTF_8), Map.of());
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).isEqualTo("bad_request");
        }
        assertThat(llm.requests()).isEmpty();
    }

    @Test
    void unknownRoute_is404_wrongMethod405_andProviderFailureIs502() throws Exception {
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port() + "/nope")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(post("/health", new byte[0], Map.of()).statusCode()).isEqualTo(405);
        llm.enqueueError(401, "authentication_error", "invalid x-api-key");
        HttpResponse<String> r = post("/v1/messages", "{\"content\":\"hi\"}".getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).isEqualTo("llm_auth");
        llm.enqueueText("back again");
        assertThat(post("/v1/messages", "{\"content\":\"hi\"}".getBytes(StandardCharsets.UTF_8), Map.of()).statusCode()).isEqualTo(200);
    }
}
