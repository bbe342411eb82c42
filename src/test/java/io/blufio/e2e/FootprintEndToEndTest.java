package io.blufio.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.fixtures.FakeAnthropicServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a daemon with the launcher's JVM flags and the default memory limits (SPEC: warn 150 MiB,
 * limit 200 MiB), used normally with long-term memory on, stays {@code healthy} at memory pressure 0: 30 turns,
 * every fifth one a {@code memory_save} tool call, each one embedded for the memory context (so the embedding
 * model is loaded and used). Asserts the states the daemon reports over several memory-monitor samples, not
 * any figure of time or megabytes.
 */
final class FootprintEndToEndTest {
    @TempDir Path tmp;
    private FakeAnthropicServer llm;
    private DaemonProcess daemon;

    @BeforeEach
    void start() throws Exception {
        llm = new FakeAnthropicServer();
        daemon = new DaemonProcess(tmp.resolve("data"), Map.of("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY,
                "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url())).withLauncherFlags()
                .jvmFlags("-Xlog:class+load=info:file=" + tmp.resolve("classes.log")).start();
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
        llm.close();
    }

    @Test
    void thirtyTurnsWithMemory_leaveHealthHealthy_underTheDefaultLimits() throws Exception {
        // a daemon that has not called its model yet holds no HTTP client and no TLS context (about 400 classes,
        // 7 MB of RSS idle: bench/README.md); signed API calls (Ed25519) do not need them either
        daemon.signed("GET", "/v1/health", null);
        assertThat(Files.readString(tmp.resolve("classes.log"))).contains("io.blufio.app.App")
                .doesNotContain("jdk.internal.net.http.HttpClientImpl ").doesNotContain("sun.security.ssl.SSLContextImpl ");
        for (int i = 0; i < 30; i++) {
            if (i % 5 == 0) {
                llm.enqueueToolUse("memory_save", "{\"text\":\"fact " + i + ": the user likes leek soup on Fridays\"}");
                llm.enqueueText("Noted.");
            }
            daemon.message("turn " + i + ": what should I cook tonight with leeks, potatoes and a little cream?");
        }
        JsonNode detail = DaemonProcess.JSON.readTree(daemon.signed("GET", "/v1/health", null).body());
        assertThat(detail.path("embedding").path("loaded").asBoolean()).as("the model was used").isTrue();
        assertThat(detail.path("memory").path("warn_bytes").asLong()).isEqualTo(150L << 20);
        assertThat(detail.path("memory").path("limit_bytes").asLong()).isEqualTo(200L << 20);

        // the monitor samples every 5 s: the state must hold across several samples after the turns
        java.util.concurrent.atomic.AtomicReference<String> last = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            await().during(Duration.ofSeconds(16)).atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                JsonNode health = DaemonProcess.JSON.readTree(daemon.get("/health").body());
                JsonNode memory = DaemonProcess.JSON.readTree(daemon.signed("GET", "/v1/health", null).body()).path("memory");
                last.set(health + " " + memory);
                return health.path("status").asText().equals("healthy") && memory.path("pressure").asInt() == 0;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not healthy at pressure 0: " + last.get() + "\n" + daemon.logText(), e);
        }
        assertThat(daemon.logText()).doesNotContain("memory.pressure");
        assertThat(Files.readString(tmp.resolve("classes.log"))).as("made at the first turn").contains("jdk.internal.net.http.HttpClientImpl ");
    }
}
