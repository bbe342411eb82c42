package io.blufio.tools.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.config.McpServerConfig;
import io.blufio.fixtures.McpTestServer;
import io.blufio.tools.Tool;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MCP client over Streamable HTTP against the SDK's own servlet transport in an embedded Tomcat on loopback. */
final class McpHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;
    private Tomcat tomcat;
    private McpSyncServer server;
    private final Map<String, String> seenHeaders = new ConcurrentHashMap<>();
    private int port;

    @BeforeEach
    void start() throws Exception {
        var transport = HttpServletStreamableServerTransportProvider.builder().jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
                .mcpEndpoint("/mcp").contextExtractor(req -> {
                    String auth = req.getHeader("Authorization");
                    if (auth != null) seenHeaders.put("Authorization", auth);
                    return io.modelcontextprotocol.common.McpTransportContext.EMPTY;
                }).build();
        server = McpServer.sync(transport).serverInfo("blufio-http-test", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build()).tools(McpTestServer.tools()).build();
        tomcat = new Tomcat();
        tomcat.setBaseDir(tmp.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context ctx = tomcat.addContext("", tmp.toString());
        Tomcat.addServlet(ctx, "mcp", transport).setAsyncSupported(true);
        ctx.addServletMappingDecoded("/mcp", "mcp");
        tomcat.start();
        port = tomcat.getConnector().getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        tomcat.stop();
        tomcat.destroy();
    }

    @Test
    void streamableHttp_roundTripWithHeadersFromTheVault() throws Exception {
        McpServerConfig cfg = new McpServerConfig("web", null, null, "http://127.0.0.1:" + port + "/mcp", null,
                Map.of("Authorization", "Bearer ${vault:custom.web_token}"), List.of("echo"), 10, null);
        McpServerConfig resolved = new io.blufio.config.McpConfig(List.of(cfg)).withSecrets(Map.of("custom.web_token", "s3cret")).servers().get(0);
        McpHub.Probe probe = McpHub.probe(resolved, Map.of());
        assertThat(probe.error()).isNull();
        String hash = probe.tools().stream().filter(t -> t.name().equals("echo")).findFirst().orElseThrow().hash();
        McpHub hub = new McpHub(List.of(resolved), Map.of(), n -> Optional.empty(), s -> Map.of("echo", hash), McpEvents.NONE,
                Clock.systemUTC(), System::nanoTime, Duration.ofSeconds(60));
        try {
            List<Tool> tools = hub.tools();
            assertThat(tools).extracting(Tool::name).containsExactly("web__echo");
            assertThat(tools.get(0).call(JSON.readTree("{\"text\":\"over http\"}")).content()).isEqualTo("echo: over http");
            assertThat(seenHeaders).containsEntry("Authorization", "Bearer s3cret");
            assertThat(hub.status().get(0).transport()).isEqualTo("http");
        } finally {
            hub.close();
        }
    }

    @Test
    void unreachableServer_isDownWithItsReason_andOffersNothing() {
        McpServerConfig cfg = new McpServerConfig("gone", null, null, "http://127.0.0.1:1/mcp", null, null, null, 5, null);
        McpHub hub = new McpHub(List.of(cfg), Map.of(), n -> Optional.empty(), s -> Map.of(), McpEvents.NONE, Clock.systemUTC(), System::nanoTime, Duration.ofSeconds(60));
        try {
            assertThat(hub.tools()).isEmpty();
            ServerStatus st = hub.status().get(0);
            assertThat(st.state()).isEqualTo(ServerState.DOWN);
            assertThat(st.lastError()).startsWith("cannot start");
        } finally {
            hub.close();
        }
    }
}
