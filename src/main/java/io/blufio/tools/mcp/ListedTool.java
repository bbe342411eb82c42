package io.blufio.tools.mcp;

/**
 * One tool as an MCP server lists it ({@code tools/list}).
 *
 * @param name the server's own tool name (the model sees {@code SERVER__NAME})
 * @param description what the server says it does; empty when it says nothing
 * @param inputSchema JSON Schema of its arguments, as compact JSON text
 * @param hash {@link ToolHash} of the three, the pin that {@code blufio mcp approve} records
 */
public record ListedTool(String name, String description, String inputSchema, String hash) {
    /** Returns the tool with its hash computed. */
    public static ListedTool of(String name, String description, String inputSchema) {
        String d = description == null ? "" : description;
        return new ListedTool(name, d, inputSchema, ToolHash.of(name, d, inputSchema));
    }
}
