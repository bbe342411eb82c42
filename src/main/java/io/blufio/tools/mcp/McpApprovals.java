package io.blufio.tools.mcp;

import java.util.Map;

/** The approved tools of each server (kept in the database by {@code blufio mcp approve}). */
@FunctionalInterface
public interface McpApprovals {
    /** Returns tool name to approved {@link ToolHash} for {@code server}; empty when none. */
    Map<String, String> approved(String server);
}
