package io.blufio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.config.LoadedConfig;
import io.blufio.memory.Memories;
import io.blufio.memory.Memory;
import io.blufio.memory.MemoryHit;
import io.blufio.memory.OnnxEmbedder;
import io.blufio.store.DataDir;
import io.blufio.store.Database;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code blufio mcp-server}: blufio as an MCP server on stdio (SPEC 14), for MCP clients such as desktop assistants
 * and IDEs. Tools: {@code memory_search} and {@code memory_save} work on the data dir's database directly (SQLite WAL,
 * also while the daemon runs, like {@code blufio memory}); {@code send_message} sends a turn to a named session
 * through the running daemon's signed API. Logs go to stderr; stdout carries only JSON-RPC. Stops at stdin EOF.
 */
/**
 * The MCP server of {@code blufio mcp-server} on the official SDK's stdio transport. {@code memory_search} and
 * {@code memory_save} work on the data dir's database directly (SQLite WAL, also while the daemon runs, like
 * {@code blufio memory}); {@code send_message} sends a turn to a named session through the running daemon's signed
 * API. Logs go to stderr; stdout carries only JSON-RPC. Stops at stdin EOF.
 */
final class McpStdioServer {
    private static final ObjectMapper JSON = io.blufio.Json.MAPPER;
    /** Session {@code send_message} talks to when none is named. */
    static final String DEFAULT_SESSION = "mcp";
    /** Largest text {@code send_message} accepts, in characters. */
    static final int MAX_CONTENT_CHARS = 100_000;

    private final LoadedConfig loaded;
    private final InputStream in;
    private final OutputStream out;

    McpStdioServer(LoadedConfig loaded, InputStream in, OutputStream out) {
        this.loaded = loaded;
        this.in = in;
        this.out = out;
    }

    /** Serves until {@code in} reaches EOF. */
    void run() throws Exception {
        DataDir dir = new DataDir(loaded.dataDir()).create();
        var memCfg = loaded.config().memory();
        CountDownLatch eof = new CountDownLatch(1);
        InputStream watched = new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b < 0) eof.countDown();
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n < 0) eof.countDown();
                return n;
            }
        };
        McpJsonMapper mapper = new JacksonMcpJsonMapper(io.blufio.Json.MAPPER.copy());
        try (Database db = Database.open(dir.database());
                OnnxEmbedder embedder = new OnnxEmbedder(dir.root(), Duration.ofSeconds(memCfg.unloadAfterIdleS()), io.blufio.Ticker.SYSTEM::nanoTime)) {
            Memories memories = new Memories(db, embedder, memCfg, Clock.systemUTC());
            McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(mapper, watched, out))
                    .serverInfo("blufio", io.blufio.Version.current())
                    .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                    .tools(tools(memories, dir))
                    .build();
            eof.await();
            server.closeGracefully();
        }
    }

    private List<SyncToolSpecification> tools(Memories memories, DataDir dir) {
        return List.of(
                tool("memory_search", "Searches blufio's long-term memory by meaning and keywords; returns the best facts with ids and scores.",
                        "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"},\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":20}},\"required\":[\"query\"]}",
                        a -> {
                            int limit = Math.max(1, Math.min(20, a.path("limit").asInt(8)));
                            List<MemoryHit> hits = memories.search(a.path("query").asText(""), limit);
                            if (hits.isEmpty()) return "no matching memories";
                            StringBuilder sb = new StringBuilder();
                            for (MemoryHit h : hits) {
                                sb.append(String.format(Locale.ROOT, "[%d] (score %.4f, similarity %.2f) %s%n", h.memory().id(), h.score(), h.similarity(), h.memory().text()));
                            }
                            return sb.toString().strip();
                        }),
                tool("memory_save", "Saves one durable fact to blufio's long-term memory (a short, self-contained sentence).",
                        "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}",
                        a -> {
                            Memory m = memories.add(a.path("text").asText(""), "mcp");
                            return "saved as memory " + m.id();
                        }),
                tool("send_message", "Sends a message to blufio's agent in a named session (default \"" + DEFAULT_SESSION + "\") and returns its answer."
                                + " Needs the blufio daemon running.",
                        "{\"type\":\"object\",\"properties\":{\"content\":{\"type\":\"string\"},\"session\":{\"type\":\"string\"}},\"required\":[\"content\"]}",
                        a -> sendMessage(dir, a)));
    }

    private static String sendMessage(DataDir dir, JsonNode a) throws Exception {
        String content = a.path("content").asText("");
        if (content.isBlank()) throw new IllegalArgumentException("content is empty");
        if (content.length() > MAX_CONTENT_CHARS) throw new IllegalArgumentException("content is over " + MAX_CONTENT_CHARS + " characters");
        ApiClient api = ApiClient.forRunningDaemon(dir).orElseThrow(() -> new IllegalStateException(
                "the blufio daemon is not running for data dir " + dir.root() + "; start it with: blufio serve"));
        byte[] body = JSON.writeValueAsBytes(Map.of("content", content, "session", a.path("session").asText(DEFAULT_SESSION)));
        ApiClient.Response r = api.send("POST", "/v1/messages", body, Map.of("Content-Type", "application/json"), Duration.ofMinutes(10));
        byte[] answer;
        try (InputStream s = r.body()) {
            answer = s.readNBytes(1 << 20);
        }
        JsonNode n = JSON.readTree(new String(answer, StandardCharsets.UTF_8));
        if (r.statusCode() != 200) throw new IllegalStateException("the daemon answered " + r.statusCode() + ": " + n.path("error").path("message").asText(n.toString()));
        return n.path("content").asText();
    }

    /** The work of one tool: arguments in, result text out; an exception becomes an error result. */
    @FunctionalInterface
    private interface Body {
        String run(JsonNode args) throws Exception;
    }

    private static SyncToolSpecification tool(String name, String description, String schema, Body body) {
        Map<String, Object> inputSchema;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = JSON.readValue(schema, Map.class);
            inputSchema = parsed;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        McpSchema.Tool t = McpSchema.Tool.builder(name, inputSchema).description(description).build();
        return new SyncToolSpecification(t, (exchange, request) -> {
            try {
                String text = body.run(JSON.valueToTree(request.arguments() == null ? Map.of() : request.arguments()));
                return McpSchema.CallToolResult.builder(List.of(new McpSchema.TextContent(text))).isError(false).build();
            } catch (Exception e) {
                return McpSchema.CallToolResult.builder(List.of(new McpSchema.TextContent(name + " failed: " + io.blufio.Redactor.redact(String.valueOf(e.getMessage())))))
                        .isError(true).build();
            }
        });
    }
}
