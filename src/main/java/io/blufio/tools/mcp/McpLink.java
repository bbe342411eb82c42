package io.blufio.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.config.McpServerConfig;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.blufio.tools.ToolOutput;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One live connection to an MCP server through the official SDK (stdio child process or Streamable HTTP,
 * https://modelcontextprotocol.io/specification/2025-06-18/basic/transports). The only class that touches SDK
 * types. Every request is bounded by the server's {@code timeout_s} (the start-up handshake by at least
 * {@link #STARTUP_MIN}); one inbound message by {@link #MAX_MESSAGE_CHARS}.
 */
final class McpLink implements AutoCloseable {
    /** Largest JSON-RPC message read from a server, in characters (16 MiB, the SDK's default): a longer one ends the connection. */
    static final int MAX_MESSAGE_CHARS = 16 << 20;
    /** Least time a server gets to start and answer {@code initialize}, whatever its {@code timeout_s} (npx may download first). */
    static final Duration STARTUP_MIN = Duration.ofSeconds(30);
    /** Pages of {@code tools/list} read at most. */
    static final int MAX_LIST_PAGES = 20;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(McpLink.class);
    private static final ObjectMapper JSON = io.blufio.Json.MAPPER;
    private static final McpJsonMapper MAPPER = new JacksonMcpJsonMapper(io.blufio.Json.MAPPER.copy());

    private final McpSyncClient client;
    private final ProcessHandle process;
    private final Duration timeout;

    private McpLink(McpSyncClient client, ProcessHandle process, Duration timeout) {
        this.client = client;
        this.process = process;
        this.timeout = timeout;
    }

    /**
     * Starts (stdio) or reaches (HTTP) the server and runs the MCP initialize handshake.
     *
     * @param env the child's whole environment (stdio), secrets already resolved
     * @param headers HTTP headers (url servers), secrets already resolved
     * @param stderr receives each stderr line of a child
     * @param toolsChanged called when the server says its tool list changed
     * @throws RuntimeException when it cannot start, or the handshake fails or times out
     */
    static McpLink open(McpServerConfig cfg, Map<String, String> env, Map<String, String> headers, Consumer<String> stderr,
            Runnable toolsChanged) {
        McpClientTransport transport;
        String token = null;
        if (cfg.stdio()) {
            token = "blufio-mcp-" + cfg.name() + "-" + UUID.randomUUID();
            List<String> argv = ChildProcess.argv(token, cfg.command(), cfg.args());
            ServerParameters params = ServerParameters.builder(argv.get(0)).args(argv.subList(1, argv.size())).env(env).build();
            StdioClientTransport stdio = new StdioClientTransport(params, MAPPER, MAX_MESSAGE_CHARS) {
                @Override
                protected ProcessBuilder getProcessBuilder() {
                    ProcessBuilder pb = new ProcessBuilder();
                    pb.environment().clear();  // the daemon's environment (its secrets) is not passed on
                    return pb;
                }
            };
            stdio.setStdErrorHandler(stderr);
            transport = stdio;
        } else {
            URI uri = URI.create(cfg.url());
            String base = uri.getScheme() + "://" + uri.getRawAuthority();
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (uri.getRawQuery() != null) path += "?" + uri.getRawQuery();
            HttpRequest.Builder request = HttpRequest.newBuilder().timeout(cfg.timeout());
            headers.forEach(request::header);
            transport = HttpClientStreamableHttpTransport.builder(base).endpoint(path).requestBuilder(request)
                    .connectTimeout(cfg.timeout()).jsonMapper(MAPPER).maxResponseSize(MAX_MESSAGE_CHARS).build();
        }
        Duration startup = cfg.timeout().compareTo(STARTUP_MIN) > 0 ? cfg.timeout() : STARTUP_MIN;
        // the SDK's request timeout covers the initialize request too: give it the start-up time, and bound
        // tools/list and tools/call by timeout_s here (bounded())
        McpSyncClient client = McpClient.sync(transport).requestTimeout(startup).initializationTimeout(startup)
                .clientInfo(new McpSchema.Implementation("blufio", io.blufio.Version.current()))
                .toolsChangeConsumer(tools -> toolsChanged.run()).build();
        try {
            client.initialize();
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw e;
        }
        return new McpLink(client, token == null ? null : findChild(token), cfg.timeout());
    }

    /** Runs one request on a virtual thread and waits at most {@code timeout} for it. @throws TimeoutException past it */
    private <T> T bounded(java.util.function.Supplier<T> request) throws TimeoutException {
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(request::get);
        Thread.ofVirtual().name("mcp-request").start(task);
        try {
            return task.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new TimeoutException("no answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the MCP server", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Returns the wrapper process of a stdio server (found by its {@code $0}), or null. */
    private static ProcessHandle findChild(String token) {
        return ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(token)).orElse(false)
                        || p.info().commandLine().map(c -> c.contains(token)).orElse(false))
                .findFirst().orElse(null);
    }

    /** Returns the child process (the wrapper) of a stdio server; empty for HTTP. */
    Optional<ProcessHandle> process() {
        return Optional.ofNullable(process);
    }

    /** Returns every tool the server lists (following {@code nextCursor}, at most {@link #MAX_LIST_PAGES} pages). */
    List<ListedTool> listTools() throws Exception {
        List<ListedTool> out = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_LIST_PAGES; page++) {
            String c = cursor;
            McpSchema.ListToolsResult r = bounded(() -> c == null ? client.listTools() : client.listTools(c));
            for (McpSchema.Tool t : r.tools()) {
                out.add(ListedTool.of(t.name(), t.description(), JSON.writeValueAsString(t.inputSchema() == null ? Map.of("type", "object") : t.inputSchema())));
            }
            cursor = r.nextCursor();
            if (cursor == null || cursor.isEmpty()) break;
        }
        return out;
    }

    /**
     * Calls {@code tool} with the arguments object {@code input}; the result's text parts are joined and cut at
     * {@code maxOutputBytes} UTF-8 bytes (with a note saying so); other content kinds are named, not passed on.
     */
    ToolOutput call(String tool, JsonNode input, int maxOutputBytes) throws TimeoutException {
        @SuppressWarnings("unchecked")
        Map<String, Object> args = input == null || !input.isObject() ? Map.of() : JSON.convertValue(input, Map.class);
        McpSchema.CallToolResult r = bounded(() -> client.callTool(new McpSchema.CallToolRequest(tool, args)));
        StringBuilder sb = new StringBuilder();
        if (r.content() != null) {
            for (McpSchema.Content c : r.content()) {
                if (!sb.isEmpty()) sb.append('\n');
                if (c instanceof McpSchema.TextContent t) sb.append(t.text());
                else if (c instanceof McpSchema.ImageContent i) sb.append("[image ").append(i.mimeType()).append(" not shown]");
                else if (c instanceof McpSchema.AudioContent a) sb.append("[audio ").append(a.mimeType()).append(" not shown]");
                else if (c instanceof McpSchema.EmbeddedResource e && e.resource() instanceof McpSchema.TextResourceContents t) sb.append(t.text());
                else sb.append("[").append(c.type()).append(" content not shown]");
                if (sb.length() > 4L * maxOutputBytes) break;  // enough to fill the cap whatever the encoding
            }
        }
        if (sb.isEmpty() && r.structuredContent() != null) {
            try {
                sb.append(JSON.writeValueAsString(r.structuredContent()));
            } catch (Exception e) {
                sb.append(r.structuredContent());
            }
        }
        String text = OutputCap.cut(sb.toString(), maxOutputBytes);
        return Boolean.TRUE.equals(r.isError()) ? ToolOutput.error(text) : ToolOutput.ok(text);
    }

    /** Returns true while the SDK client is initialised (not closed). */
    boolean initialized() {
        return client.isInitialized();
    }

    /** Closes the connection: for stdio, SIGTERM to the wrapper, which stops the server's process group. */
    @Override
    public void close() {
        if (process != null) {
            // stdio: stop the server first (SIGTERM to the wrapper, which stops its process group), then drop the
            // client. The SDK's graceful close only closes stdin and waits 10 s for an exit, and servers with
            // timers of their own (e.g. server-everything) never exit on EOF: that cost every `mcp list` 10 s and
            // a WARN with a stack trace.
            if (process.isAlive()) process.destroy();
            try {
                client.close();
            } catch (RuntimeException e) {
                log.debug("MCP client close: {}", e.toString());
            }
            return;
        }
        closeQuietly(client);
    }

    private static void closeQuietly(McpSyncClient client) {
        try {
            if (!client.closeGracefully()) client.close();
        } catch (RuntimeException e) {
            client.close();
        }
    }
}
