package io.blufio.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.tools.Tool;
import io.blufio.tools.ToolOutput;

/** One approved tool of an MCP server as the model sees it: {@code SERVER__TOOL}, the server's description and schema. */
final class McpTool implements Tool {
    /** Joins server and tool name in the model-facing name (SPEC section 14). */
    static final String SEPARATOR = "__";

    private final ServerHandle server;
    private final ListedTool tool;

    McpTool(ServerHandle server, ListedTool tool) {
        this.server = server;
        this.tool = tool;
    }

    @Override
    public String name() {
        return server.config().name() + SEPARATOR + tool.name();
    }

    @Override
    public String description() {
        return tool.description();
    }

    @Override
    public String inputSchema() {
        return tool.inputSchema();
    }

    @Override
    public ToolOutput call(JsonNode input) {
        return server.call(tool.name(), input);
    }
}
