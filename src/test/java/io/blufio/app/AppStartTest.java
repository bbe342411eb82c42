package io.blufio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.blufio.BlufioException;
import io.blufio.config.ConfigLoader;
import io.blufio.config.LoadedConfig;
import io.blufio.fixtures.FakeAnthropicServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link App#start}: a start that fails late stops what it had started and leaves the data dir free. */
final class AppStartTest {
    @TempDir
    Path dir;

    @Test
    void start_gatewayPortTaken_gatewayBind_thenTheDataDirIsFreeAgain() throws Exception {
        try (FakeAnthropicServer llm = new FakeAnthropicServer();
                ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> App.start(config(llm, taken.getLocalPort()), true))
                    .isInstanceOfSatisfying(BlufioException.class, e -> assertThat(e.code()).isEqualTo("gateway_bind"));
            assertThat(Files.exists(DaemonInfo.file(dir.resolve("data")))).isFalse();

            try (App again = App.start(config(llm, 0), true)) {  // lock released, database closed
                assertThat(again.port()).isPositive();
                assertThat(DaemonInfo.read(dir.resolve("data"))).map(DaemonInfo::port).contains(again.port());
            }
            assertThat(Files.exists(DaemonInfo.file(dir.resolve("data")))).isFalse();
        }
    }

    private LoadedConfig config(FakeAnthropicServer llm, int port) {
        Map<String, String> env = Map.of("HOME", dir.toString(), "ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY,
                "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(), "BLUFIO_GATEWAY__PORT", Integer.toString(port),
                "BLUFIO_DAEMON__MEMORY_WARN_MB", "8192", "BLUFIO_DAEMON__MEMORY_LIMIT_MB", "16384");
        return ConfigLoader.load(Optional.empty(), Optional.of(dir.resolve("data")), env);
    }
}
