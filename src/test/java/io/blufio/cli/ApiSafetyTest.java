package io.blufio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.auth.DeviceKeys;
import io.blufio.auth.RequestSigner;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.store.DeviceStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's safety rules in process (real gateway, SQLite, signatures): retries with an {@code Idempotency-Key},
 * which device may see which session, and a deleted {@code -wal} reported as unhealthy.
 */
final class ApiSafetyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;
    private FakeAnthropicServer llm;
    private InProcessDaemon d;

    @BeforeEach
    void start() {
        llm = new FakeAnthropicServer();
        d = new InProcessDaemon(tmp, llm, FakeAnthropicServer.API_KEY, Map.of());
    }

    @AfterEach
    void stop() {
        d.close();
        llm.close();
    }

    // ---------------------------------------------------------------- Idempotency-Key

    @Test
    void retryWithTheSameIdempotencyKey_getsTheSameAnswer_andNoSecondTurnRuns() throws Exception {
        llm.enqueueText("first and only");
        byte[] body = body("{\"content\":\"book the table\",\"session\":\"dinner\"}");
        HttpResponse<String> first = d.send(d.signedPost("/v1/messages", body).header("Idempotency-Key", "k-1"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> retry = d.send(d.signedPost("/v1/messages", body).header("Idempotency-Key", "k-1"), HttpResponse.BodyHandlers.ofString());

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(retry.statusCode()).isEqualTo(200);
        JsonNode a = JSON.readTree(first.body());
        JsonNode b = JSON.readTree(retry.body());
        assertThat(b.path("message_id").asLong()).isEqualTo(a.path("message_id").asLong());
        assertThat(b.path("content").asText()).isEqualTo("first and only");
        assertThat(b.path("usage")).isEqualTo(a.path("usage"));
        assertThat(llm.requests()).hasSize(1);

        HttpResponse<String> stream = d.send(d.signedPost("/v1/messages", body).header("Idempotency-Key", "k-1")
                .header("Accept", "text/event-stream"), HttpResponse.BodyHandlers.ofString());
        assertThat(stream.body()).startsWith("event: done\ndata: ").contains("first and only");
        assertThat(llm.requests()).hasSize(1);

        llm.enqueueText("a new turn");
        HttpResponse<String> otherKey = d.send(d.signedPost("/v1/messages", body).header("Idempotency-Key", "k-2"), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(otherKey.body()).path("content").asText()).isEqualTo("a new turn");
    }

    @Test
    void idempotencyKey_reusedForAnotherMessage_is409_andMalformedIs400() throws Exception {
        llm.enqueueText("ok");
        d.send(d.signedPost("/v1/messages", body("{\"content\":\"one\"}")).header("Idempotency-Key", "same"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> other = d.send(d.signedPost("/v1/messages", body("{\"content\":\"two\"}")).header("Idempotency-Key", "same"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(other.body()).path("error").path("code").asText()).isEqualTo("idempotency_key_reused");

        HttpResponse<String> bad = d.send(d.signedPost("/v1/messages", body("{\"content\":\"x\"}")).header("Idempotency-Key", "x".repeat(129)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(llm.requests()).hasSize(1);
    }

    @Test
    void retryWhileTheFirstTurnStillRuns_waitsForItsAnswer() throws Exception {
        llm.enqueueSlowText("slow words arrive one by one", 150);
        byte[] body = body("{\"content\":\"take your time\"}");
        var first = d.http().sendAsync(d.signedPost("/v1/messages", body).header("Idempotency-Key", "slow").build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(30)).until(() -> !llm.requests().isEmpty());
        HttpResponse<String> retry = d.send(d.signedPost("/v1/messages", body).header("Idempotency-Key", "slow"), HttpResponse.BodyHandlers.ofString());

        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(retry.body()).path("content").asText()).isEqualTo("slow words arrive one by one");
        assertThat(JSON.readTree(first.get().body()).path("message_id")).isEqualTo(JSON.readTree(retry.body()).path("message_id"));
        assertThat(llm.requests()).hasSize(1);
    }

    // ---------------------------------------------------------------- sessions per device

    @Test
    void aDeviceOtherThanCli_seesAndContinuesOnlyItsOwnSessions() throws Exception {
        KeyPair phone = device("phone");
        KeyPair laptop = device("laptop");
        llm.enqueueText("hi phone");
        HttpResponse<String> mine = as("phone", phone, "POST", "/v1/messages", body("{\"content\":\"hello\",\"session\":\"private\"}"));
        assertThat(mine.statusCode()).isEqualTo(200);
        long sessionId = JSON.readTree(mine.body()).path("session_id").asLong();

        assertThat(as("laptop", laptop, "GET", "/v1/sessions", null).body()).doesNotContain("api:private");
        assertThat(as("laptop", laptop, "GET", "/v1/sessions/" + sessionId + "/messages", null).statusCode()).isEqualTo(404);
        HttpResponse<String> intrude = as("laptop", laptop, "POST", "/v1/messages", body("{\"content\":\"me too\",\"session\":\"private\"}"));
        assertThat(intrude.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(intrude.body()).path("error").path("code").asText()).isEqualTo("session_forbidden");

        assertThat(as("phone", phone, "GET", "/v1/sessions", null).body()).contains("api:private");
        assertThat(as("phone", phone, "GET", "/v1/sessions/" + sessionId + "/messages", null).body()).contains("hi phone");
        // the operator's own cli device sees everything
        assertThat(d.send(signedGet("/v1/sessions"), HttpResponse.BodyHandlers.ofString()).body()).contains("api:private");
        assertThat(llm.requests()).hasSize(1);
    }

    // ---------------------------------------------------------------- the WAL

    @Test
    void deletedWalFile_makesHealthUnhealthy() throws Exception {
        assertThat(d.get("/health").statusCode()).isEqualTo(200);
        Files.delete(tmp.resolve("data/blufio.db-wal"));

        await().atMost(Duration.ofSeconds(30)).until(() -> d.get("/health").statusCode() == 503);
        assertThat(d.get("/health").body()).contains("blufio.db-wal was deleted");
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private KeyPair device(String name) {
        KeyPair k = DeviceKeys.generate();
        new DeviceStore(d.daemon.db()).add(name, DeviceKeys.rawPublicKey(k.getPublic()), Instant.now());
        return k;
    }

    private HttpRequest.Builder signedGet(String path) {
        URI uri = d.uri(path);
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).GET();
        RequestSigner.sign("GET", uri.getRawPath(), uri.getRawQuery(), null, "cli",
                DeviceKeys.readPrivateKey(tmp.resolve("data/devices/cli.key")), Instant.now(), RequestSigner.newNonce()).forEach(rb::header);
        return rb;
    }

    private HttpResponse<String> as(String name, KeyPair key, String method, String path, byte[] body) throws Exception {
        URI uri = d.uri(path);
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        RequestSigner.sign(method, uri.getRawPath(), uri.getRawQuery(), body, name, key.getPrivate(), Instant.now(), RequestSigner.newNonce())
                .forEach(rb::header);
        return d.send(rb, HttpResponse.BodyHandlers.ofString());
    }
}
