package io.blufio.tools.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.config.McpServerConfig;
import io.blufio.tools.Tool;
import io.blufio.tools.ToolOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with a third-party MCP server: the reference server {@code @modelcontextprotocol/server-everything}
 * from the npm registry (TypeScript SDK, run by node), version pinned in {@code .ci/run}, which installs it under
 * {@code ~/.cache/blufio-ci}. Skipped with a message only outside CI when it is not installed; in CI it must run.
 */
final class ThirdPartyMcpServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Path bin;

    @BeforeEach
    void find() {
        bin = Path.of(System.getProperty("user.home"), ".cache/blufio-ci/node_modules/.bin/mcp-server-everything");
        boolean ci = "true".equals(System.getenv("CI"));
        if (!ci) assumeTrue(Files.isExecutable(bin), "server-everything is not installed (bash .ci/run installs it): " + bin);
        assertThat(bin).as("CI must have installed the pinned server-everything (.ci/run)").isExecutable();
    }

    private McpHub hub(McpServerConfig cfg, Map<String, String> pins) {
        return new McpHub(List.of(cfg), System.getenv(), n -> Optional.empty(), s -> pins, McpEvents.NONE, Clock.systemUTC(), System::nanoTime,
                Duration.ofSeconds(60));
    }

    @Test
    void serverEverything_roundTrip_timeout_andNoProcessLeftAfterClose() throws Exception {
        McpServerConfig cfg = new McpServerConfig("every", bin.toString(), List.of("stdio"), null, null, null,
                List.of("echo", "get-sum", "trigger-long-running-operation"), 5, null);
        McpHub.Probe probe = McpHub.probe(cfg, System.getenv());
        assertThat(probe.error()).isNull();
        Map<String, String> pins = probe.tools().stream().filter(t -> cfg.enabledTools().contains(t.name()))
                .collect(Collectors.toMap(ListedTool::name, ListedTool::hash));
        assertThat(pins).containsKeys("echo", "get-sum", "trigger-long-running-operation");

        McpHub hub = hub(cfg, pins);
        List<Tool> tools = hub.tools();
        assertThat(tools).extracting(Tool::name).contains("every__echo", "every__get-sum").doesNotContain("every__get-env");
        Tool echo = tools.stream().filter(t -> t.name().equals("every__echo")).findFirst().orElseThrow();
        assertThat(echo.call(JSON.readTree("{\"message\":\"from blufio\"}")).content()).contains("from blufio");
        Tool sum = tools.stream().filter(t -> t.name().equals("every__get-sum")).findFirst().orElseThrow();
        assertThat(sum.call(JSON.readTree("{\"a\":2,\"b\":3}")).content()).contains("5");

        Tool slow = tools.stream().filter(t -> t.name().equals("every__trigger-long-running-operation")).findFirst().orElseThrow();
        ToolOutput timedOut = slow.call(JSON.readTree("{\"duration\":60,\"steps\":2}"));
        assertThat(timedOut.isError()).isTrue();
        assertThat(timedOut.content()).contains("timed out after 5 s");
        assertThat(echo.call(JSON.readTree("{\"message\":\"still here\"}")).content()).contains("still here");

        List<ProcessHandle> before = descendantsRunning("server-everything");
        assertThat(before).isNotEmpty();
        hub.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> before.stream().noneMatch(ProcessHandle::isAlive));
    }

    private static List<ProcessHandle> descendantsRunning(String marker) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
    }
}
