package io.blufio.llm;

/**
 * A tool offered to the model.
 *
 * @param name tool name, {@code [a-z_]+}
 * @param description what it does, for the model
 * @param inputSchema JSON Schema of its arguments, as JSON text ({@code {"type":"object",...}})
 */
public record ToolSpec(String name, String description, String inputSchema) {}
