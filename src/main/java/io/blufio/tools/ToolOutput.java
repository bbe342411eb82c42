package io.blufio.tools;

/**
 * What a tool returns to the model.
 *
 * @param content result text
 * @param isError true when the call failed; the text says why
 */
public record ToolOutput(String content, boolean isError) {
    /** Returns a successful result. */
    public static ToolOutput ok(String content) {
        return new ToolOutput(content, false);
    }

    /** Returns an error result. */
    public static ToolOutput error(String content) {
        return new ToolOutput(content, true);
    }
}
