package io.blufio.tools;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool the model may call. Implementations are thread-safe and bounded in time and output; any
 * exception they throw becomes an error result for the model, never the end of the turn.
 */
public interface Tool {
    /** Returns the tool name the model uses: {@code [a-z_]+} for built-ins, {@code SERVER__TOOL} for MCP tools ({@code [A-Za-z0-9_-]{1,64}}). */
    String name();

    /** Returns what the tool does, written for the model. */
    String description();

    /** Returns the JSON Schema (as JSON text) of the arguments object. */
    String inputSchema();

    /**
     * Runs the tool.
     *
     * @param input the arguments object the model sent (never null; may lack fields)
     * @return the result text for the model, and whether it is an error
     * @throws Exception any failure; the registry turns it into an error result
     */
    ToolOutput call(JsonNode input) throws Exception;
}
