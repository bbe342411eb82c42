package io.blufio.app;

import io.blufio.agent.DocumentTools;
import io.blufio.agent.ScheduleTools;
import io.blufio.agent.Schedules;
import io.blufio.config.BlufioConfig;
import io.blufio.config.ToolGroup;
import io.blufio.memory.Memories;
import io.blufio.store.Database;
import io.blufio.tools.ClockTool;
import io.blufio.tools.HttpFetchTool;
import io.blufio.tools.MemoryTools;
import io.blufio.tools.Tool;
import io.blufio.tools.ToolRegistry;
import io.blufio.tools.WorkspaceTools;
import io.blufio.tools.mcp.McpHub;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tools of the daemon: the schedules (which the scheduler and the API also use), the built-in tools (all that
 * heartbeat checks see), all tools the agent sees, and the MCP servers ({@code null} when none is configured).
 */
record Toolbox(Schedules schedules, ToolRegistry builtins, ToolRegistry all, McpHub mcp) {
    /**
     * Returns the tools of the groups in {@code tools.enabled}; the memory tools only while {@code memory.enabled}
     * ({@code memories} not null); plus {@code document_save} (saves a document the user sent to the workspace,
     * issue 18) when the workspace group is on. There is no shell tool.
     */
    static ToolRegistry builtins(BlufioConfig cfg, Clock clock, Path dataDir, Memories memories, Schedules schedules, Database db) {
        List<Tool> tools = new ArrayList<>();
        List<ToolGroup> groups = cfg.tools().enabled();
        if (groups.contains(ToolGroup.CLOCK)) tools.add(new ClockTool(clock));
        if (groups.contains(ToolGroup.HTTP_FETCH)) tools.add(new HttpFetchTool(cfg.tools()));
        if (groups.contains(ToolGroup.WORKSPACE)) {
            String dir = cfg.tools().workspaceDir();
            tools.addAll(WorkspaceTools.over(dir == null ? dataDir.resolve("workspace") : Path.of(dir), cfg.tools().workspaceMaxMb()));
        }
        if (groups.contains(ToolGroup.MEMORY) && memories != null) tools.addAll(MemoryTools.over(memories));
        if (groups.contains(ToolGroup.SCHEDULES)) tools.addAll(ScheduleTools.over(schedules));
        Optional<Tool> write = tools.stream().filter(t -> t.name().equals("workspace_write")).findFirst();
        write.ifPresent(w -> tools.add(DocumentTools.over(db, w)));
        return new ToolRegistry(tools);
    }
}
