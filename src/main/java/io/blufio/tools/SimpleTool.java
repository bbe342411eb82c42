package io.blufio.tools;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool made of its name, description, JSON Schema and a function; for built-ins too small for a class.
 *
 * @param name tool name, {@code [a-z_]+}
 * @param description what it does, for the model
 * @param inputSchema JSON Schema of the arguments object
 * @param body the work; may throw, the registry turns that into an error result
 */
record SimpleTool(String name, String description, String inputSchema, Body body) implements Tool {
    @Override
    public ToolOutput call(JsonNode input) throws Exception {
        return body.run(input);
    }

    /** The work of a {@link SimpleTool}. */
    @FunctionalInterface
    interface Body {
        ToolOutput run(JsonNode input) throws Exception;
    }
}
