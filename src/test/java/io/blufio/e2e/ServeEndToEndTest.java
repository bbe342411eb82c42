package io.blufio.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.auth.RequestSigner;
import io.blufio.fixtures.FakeAnthropicServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code blufio serve} as a real process: real SQLite, loopback HTTP, real signatures, SIGTERM and SIGKILL. */
final class ServeEndToEndTest {
    @TempDir Path tmp;
    private FakeAnthropicServer llm;
    private final List<DaemonProcess> daemons = new ArrayList<>();

    @BeforeEach
    void startLlm() {
        llm = new FakeAnthropicServer();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (DaemonProcess d : daemons) d.close();
        llm.close();
    }

    private DaemonProcess daemon(Map<String, String> env) throws Exception {
        DaemonProcess d = new DaemonProcess(tmp.resolve("data"), env).start();
        daemons.add(d);
        return d;
    }

    private Map<String, String> llmEnv() {
        return Map.of("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY, "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url());
    }

    @Test
    void serve_withoutConfigOrKey_answersHealthDegradedWithReason() throws Exception {
        DaemonProcess d = daemon(Map.of());
        HttpResponse<String> r = d.get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = DaemonProcess.JSON.readTree(r.body());
        assertThat(body.path("status").asText()).isEqualTo("degraded");
        assertThat(body.path("reasons").toString()).contains("ANTHROPIC_API_KEY");
        assertThat(d.get("/health/live").statusCode()).isEqualTo(200);
        assertThat(d.get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(d.terminate()).isZero();
    }

    @Test
    void logFormatJson_writesOneJsonObjectPerLogLine() throws Exception {
        DaemonProcess d = daemon(Map.of("BLUFIO_AGENT__LOG_FORMAT", "json"));
        assertThat(d.terminate()).isZero();
        List<String> lines = d.logText().lines().filter(l -> l.startsWith("{")).toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode n = DaemonProcess.JSON.readTree(line);
            assertThat(n.has("level") && n.has("loggerName") && n.has("formattedMessage")).as(line).isTrue();
        }
        assertThat(String.join("\n", lines)).contains("serving").contains("stopped");
    }

    @Test
    void message_isAnswered_andHistorySurvivesSigtermRestart() throws Exception {
        DaemonProcess d = daemon(llmEnv());
        llm.enqueueText("Hello! I am blufio.");
        JsonNode first = d.message("hello");
        assertThat(first.path("content").asText()).isEqualTo("Hello! I am blufio.");
        assertThat(first.path("session_id").asLong()).isPositive();
        assertThat(first.path("message_id").asLong()).isPositive();
        assertThat(first.path("usage").path("input_tokens").asLong()).isEqualTo(10);
        assertThat(first.path("usage").path("output_tokens").asLong()).isEqualTo(5);
        assertThat(d.terminate()).isZero();
        assertThat(d.logText()).contains("stopped");

        DaemonProcess again = daemon(llmEnv());
        llm.enqueueText("You said hello.");
        JsonNode second = again.message("what did I say?");
        assertThat(second.path("session_id").asLong()).isEqualTo(first.path("session_id").asLong());
        JsonNode sent = llm.lastRequest().body().path("messages");
        assertThat(sent.size()).isEqualTo(3);
        assertThat(sent.get(0).toString()).contains("hello");
        assertThat(sent.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(sent.get(1).toString()).contains("Hello! I am blufio.");
        assertThat(sent.get(2).toString()).contains("what did I say?");
        assertThat(again.terminate()).isZero();
    }

    @Test
    void toolCall_currentTime_roundTripsAndReplaysOnNextTurn() throws Exception {
        DaemonProcess d = daemon(llmEnv());
        llm.enqueueToolUse("current_time", "{\"timezone\":\"UTC\"}");
        llm.enqueueText("It is late.");
        JsonNode answer = d.message("what time is it?");
        assertThat(answer.path("content").asText()).isEqualTo("It is late.");
        JsonNode secondCall = llm.lastRequest().body().path("messages");
        assertThat(secondCall.toString()).contains("tool_use").contains("tool_result").contains(String.valueOf(Instant.now().atZone(java.time.ZoneOffset.UTC).getYear()));
        assertThat(answer.path("usage").path("input_tokens").asLong()).isEqualTo(20);

        llm.enqueueText("Still late.");
        d.message("and now?");
        JsonNode replay = llm.lastRequest().body().path("messages");
        assertThat(replay.size()).isEqualTo(5);
        assertThat(replay.get(1).toString()).contains("tool_use").contains("current_time");
        assertThat(replay.get(2).toString()).contains("tool_result");
        assertThat(replay.get(3).toString()).contains("It is late.");
    }

    @Test
    void sigkillDuringTurn_turnIsAnsweredOnceAfterRestart() throws Exception {
        DaemonProcess d = daemon(llmEnv());
        llm.enqueueSlowText("this answer is slow and will never finish streaming", 2_000);
        CompletableFuture.runAsync(() -> {
            try {
                d.message("slow question");
            } catch (Throwable expected) {
                // the daemon is killed mid-turn
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> !llm.requests().isEmpty());
        d.kill();

        DaemonProcess again = daemon(llmEnv());
        llm.enqueueText("fast answer");
        await().atMost(Duration.ofSeconds(20)).until(() -> history(again).size() == 2);
        JsonNode msgs = history(again);
        assertThat(msgs.get(1).path("text").asText()).isEqualTo("slow question");
        assertThat(msgs.get(0).path("text").asText()).isEqualTo("fast answer");
        Thread.sleep(1500);  // a second dispatch pass must not run the turn again
        assertThat(history(again).size()).isEqualTo(2);
        assertThat(llm.requests()).hasSize(2);
    }

    private static JsonNode history(DaemonProcess d) throws Exception {
        HttpResponse<String> s = d.signed("GET", "/v1/sessions", null);
        JsonNode sessions = DaemonProcess.JSON.readTree(s.body()).path("sessions");
        if (sessions.isEmpty()) return DaemonProcess.JSON.createArrayNode();
        HttpResponse<String> r = d.signed("GET", "/v1/sessions/" + sessions.get(0).path("id").asLong() + "/messages", null);
        return DaemonProcess.JSON.readTree(r.body()).path("messages");
    }

    @Test
    void signedRoutes_refuseUnsignedExpiredReplayedAndAlteredRequests() throws Exception {
        DaemonProcess d = daemon(llmEnv());
        URI uri = URI.create("http://127.0.0.1:" + d.port() + "/v1/messages");
        byte[] body = "{\"content\":\"hi\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(d.send("POST", uri, body, Map.of()).statusCode()).isEqualTo(401);
        assertThat(d.signed("POST", "/v1/messages", "{\"content\":\"hi\"}", Instant.now().minusSeconds(61), RequestSigner.newNonce(), Map.of())
                .statusCode()).isEqualTo(401);

        Map<String, String> headers = RequestSigner.sign("POST", "/v1/messages", null, body, "cli", d.cliKey(), Instant.now(), RequestSigner.newNonce());
        assertThat(d.send("POST", uri, body, headers).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = d.send("POST", uri, body, headers);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).doesNotContain("nonce");

        Map<String, String> fresh = new HashMap<>(RequestSigner.sign("POST", "/v1/messages", null, body, "cli", d.cliKey(), Instant.now(), RequestSigner.newNonce()));
        byte[] altered = "{\"content\":\"HI\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(d.send("POST", uri, altered, fresh).statusCode()).isEqualTo(401);
        assertThat(d.logText()).contains("401 for POST /v1/messages");
        assertThat(d.get("/v1/health").statusCode()).isEqualTo(401);
    }

    @Test
    void apiCommand_readsDataFromAFile_andSessionsPageWithoutGaps() throws Exception {
        DaemonProcess d = daemon(llmEnv());
        java.nio.file.Path body = tmp.resolve("message.json");
        for (String s : List.of("a", "b", "c")) {
            java.nio.file.Files.writeString(body, "{\"content\": \"two words\", \"session\": \"" + s + "\"}");
            var out = new java.io.StringWriter();
            var err = new java.io.StringWriter();
            int rc = io.blufio.cli.Main.run(new String[] {"api", "POST", "/v1/messages", "--data", "@" + body}, Map.of("BLUFIO_DATA_DIR",
                    d.dataDir.toString()), new java.io.PrintWriter(out), new java.io.PrintWriter(err));
            assertThat(rc).as(err.toString()).isZero();
            assertThat(out.toString()).contains("\"content\":\"echo: two words\"");
        }
        d.message("touch the oldest session again");  // session "cli" (the device name), the newest
        List<Long> seen = new ArrayList<>();
        long before = 0;
        while (true) {
            JsonNode page = DaemonProcess.JSON.readTree(d.signed("GET", "/v1/sessions?limit=1" + (before > 0 ? "&before=" + before : ""), null).body());
            page.path("sessions").forEach(s -> seen.add(s.path("id").asLong()));
            if (!page.has("next_before")) break;
            before = page.path("next_before").asLong();
        }
        assertThat(seen).containsExactly(4L, 3L, 2L, 1L);
    }

    @Test
    void secondServe_onSameDataDir_exits75NamingThePid() throws Exception {
        DaemonProcess d = daemon(Map.of());
        ProcessBuilder pb = new ProcessBuilder(DaemonProcess.javaBin(), "-cp", System.getProperty("java.class.path"), "io.blufio.cli.Main", "serve")
                .redirectErrorStream(true);
        pb.environment().put("BLUFIO_DATA_DIR", d.dataDir.toString());
        pb.environment().put("BLUFIO_GATEWAY__PORT", "0");
        Process second = pb.start();
        String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(second.waitFor()).isEqualTo(75);
        assertThat(out).contains("pid " + d.process().pid());
    }

    @Test
    void invalidConfig_exits78() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(DaemonProcess.javaBin(), "-cp", System.getProperty("java.class.path"), "io.blufio.cli.Main", "serve")
                .redirectErrorStream(true);
        pb.environment().put("BLUFIO_DATA_DIR", tmp.resolve("d2").toString());
        pb.environment().put("BLUFIO_GATEWAY__PROT", "3001");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(78);
        assertThat(out).contains("BLUFIO_GATEWAY__PROT").contains("did you mean").contains("BLUFIO_GATEWAY__PORT");
    }
}
