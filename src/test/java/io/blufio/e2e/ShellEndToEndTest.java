package io.blufio.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.fixtures.FakeAnthropicServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code blufio shell} as a real process fed through a pipe: alone on the data dir, and through a running daemon. */
final class ShellEndToEndTest {
    @TempDir Path tmp;
    private FakeAnthropicServer llm;

    @BeforeEach
    void start() {
        llm = new FakeAnthropicServer();
    }

    @AfterEach
    void stop() {
        llm.close();
    }

    private String shell(String input) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(DaemonProcess.javaBin(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "io.blufio.cli.Main", "shell").redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("BLUFIO_"));
        pb.environment().putAll(Map.of("BLUFIO_DATA_DIR", tmp.resolve("data").toString(), "ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY,
                "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(), "BLUFIO_DAEMON__MEMORY_WARN_MB", "8192", "BLUFIO_DAEMON__MEMORY_LIMIT_MB", "16384"));
        Process p = pb.start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void shell_withoutDaemon_opensDataDirAndStreamsTheAnswer() throws Exception {
        llm.enqueueText("Hi from the model.");
        String out = shell("hello\n/cost\n/quit\n");
        assertThat(out).contains("data dir").contains("Hi from the model.").contains("(this shell: 10 input, 5 output");
        assertThat(llm.lastRequest().body().toString()).contains("hello");
    }

    @Test
    void shell_withDaemon_talksThroughTheApi_inSessionCliLocal_andNewStartsAFreshOne() throws Exception {
        try (DaemonProcess d = new DaemonProcess(tmp.resolve("data"), Map.of("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY,
                "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url())).start()) {
            llm.enqueueText("first answer");
            llm.enqueueText("second answer");
            String out = shell("one\n/new\ntwo\n/quit\n");
            assertThat(out).contains("through the running daemon").contains("first answer").contains("new session").contains("second answer");
            String sessions = d.signed("GET", "/v1/sessions", null).body();
            assertThat(sessions).contains("\"key\":\"cli:local\"").contains("\"key\":\"cli:local-");
            // the second turn went to a fresh session: its request carried no earlier turns
            assertThat(llm.lastRequest().body().path("messages").size()).isEqualTo(1);
        }
    }
}
