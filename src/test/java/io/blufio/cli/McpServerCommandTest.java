package io.blufio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code blufio mcp-server} as a real child process, driven by the official SDK's client over stdio. */
final class McpServerCommandTest {
    @TempDir Path tmp;

    @Test
    void mcpServer_listsItsToolsAndAnswersMemorySaveAndSearch() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ServerParameters params = ServerParameters.builder(java)
                .args("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                        "-cp", System.getProperty("java.class.path"), "io.blufio.cli.Main", "--data-dir", tmp.resolve("data").toString(), "mcp-server").build();
        var transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(new ObjectMapper()));
        try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(120)).initializationTimeout(Duration.ofSeconds(60)).build()) {
            client.initialize();
            List<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertThat(names).containsExactlyInAnyOrder("memory_search", "memory_save", "send_message");

            var saved = client.callTool(new McpSchema.CallToolRequest("memory_save", Map.of("text", "The user's cat is called Miso.")));
            assertThat(saved.isError()).isFalse();
            assertThat(((McpSchema.TextContent) saved.content().get(0)).text()).startsWith("saved as memory ");

            var found = client.callTool(new McpSchema.CallToolRequest("memory_search", Map.of("query", "what is my cat's name")));
            assertThat(found.isError()).isFalse();
            assertThat(((McpSchema.TextContent) found.content().get(0)).text()).contains("Miso");

            var send = client.callTool(new McpSchema.CallToolRequest("send_message", Map.of("content", "hi")));
            assertThat(send.isError()).isTrue();
            assertThat(((McpSchema.TextContent) send.content().get(0)).text()).contains("daemon is not running", "blufio serve");
        }
    }
}
