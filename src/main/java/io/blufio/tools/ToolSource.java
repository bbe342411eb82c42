package io.blufio.tools;

import java.util.List;

/**
 * Tools that may change while the daemon runs (the approved tools of MCP servers). Asked once per turn, so
 * {@link #tools()} must be quick once warm and bounded in time when it is not (it may start a server).
 */
public interface ToolSource {
    /** Returns the tools to offer now; never null. */
    List<Tool> tools();
}
