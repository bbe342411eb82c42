package io.blufio.tools.mcp;

/** What the MCP client reports for metrics ({@code blufio_mcp_calls_total{server,outcome}}). */
public interface McpEvents {
    /** Ignores everything. */
    McpEvents NONE = (server, outcome) -> {};

    /**
     * One tool call finished.
     *
     * @param outcome {@code ok}, {@code error} (the tool said so), {@code timeout} ({@code timeout_s} passed),
     *     {@code failed} (the connection broke) or {@code unavailable} (the server could not be started)
     */
    void call(String server, String outcome);
}
