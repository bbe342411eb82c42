package io.blufio.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.blufio.config.LlmConfig;
import io.blufio.config.LlmProvider;
import io.blufio.config.OpenAiConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conformance against a third-party OpenAI-compatible mock server, the npm package {@code openai-mock-api}
 * (the version is pinned in {@code .ci/run}, which installs it under {@code ~/.cache/blufio-ci}). Like many
 * compatible servers it ignores {@code stream_options.include_usage}: the answer must still be billed.
 * Skipped when the package is not installed ({@code BLUFIO_OPENAI_MOCK} may name its launcher).
 */
final class ThirdPartyOpenAiMockTest {
    static final String KEY = "sk-conformance";
    @TempDir Path tmp;
    private Process server;
    private int port;

    static Path launcher() {
        String env = System.getenv("BLUFIO_OPENAI_MOCK");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cache/blufio-ci/node_modules/.bin/openai-mock-api");
    }

    @BeforeEach
    void start() throws IOException {
        Path bin = launcher();
        assumeTrue(Files.isExecutable(bin), "openai-mock-api is not installed (.ci/run installs it): " + bin);
        Path config = tmp.resolve("mock.yaml");
        Files.writeString(config, """
                apiKey: '%s'
                responses:
                  - id: 'hello'
                    messages:
                      - role: 'system'
                        matcher: 'any'
                      - role: 'user'
                        content: 'hello'
                        matcher: 'contains'
                      - role: 'assistant'
                        content: 'Hello from a third-party mock.'
                """.formatted(KEY));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = new ProcessBuilder(bin.toString(), "--config", config.toString(), "--port", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("mock.log").toFile()).start();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(this::accepting);
    }

    private boolean accepting() {
        assertThat(server.isAlive()).as("openai-mock-api exited; see its log").isTrue();
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.destroy();
            server.waitFor();
        }
    }

    private OpenAiProvider provider() {
        var cfg = new OpenAiConfig("http://127.0.0.1:" + port + "/v1", KEY, "gpt-5.4-mini", 256);
        return new OpenAiProvider(new LlmConfig(LlmProvider.OPENAI, 30, 0, null, cfg), new RecordingSleeper(), new Random(1));
    }

    @Test
    void chat_streamsTheAnswer_andEstimatesTheUsageTheServerLeavesOut() {
        List<String> deltas = new CopyOnWriteArrayList<>();

        ChatResult r = provider().chat(ProviderOutcomesContract.withTool("hello"), deltas::add);

        assertThat(r.message().text()).isEqualTo("Hello from a third-party mock.");
        assertThat(deltas).hasSizeGreaterThan(1);
        assertThat(r.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(r.usage().estimated()).isTrue();
        assertThat(r.usage().inputTokens()).isPositive();
        assertThat(r.usage().outputTokens()).isEqualTo(TokenEstimate.of("Hello from a third-party mock."));
    }

    @Test
    void chat_itsRefusal_isLlmErrorQuotingIt() {
        LlmException e = catchThrowableOfType(LlmException.class,
                () -> provider().chat(ProviderOutcomesContract.withTool("something else"), StreamListener.NONE));

        assertThat(e.code()).isEqualTo("llm_error");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.getMessage()).contains("No matching response");
    }
}
