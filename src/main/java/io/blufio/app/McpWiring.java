package io.blufio.app;

import io.blufio.config.BlufioConfig;
import io.blufio.ops.Health;
import io.blufio.ops.Metrics;
import io.blufio.store.Database;
import io.blufio.store.McpApprovalStore;
import io.blufio.tools.mcp.McpHub;
import io.blufio.tools.mcp.ServerState;
import java.time.Clock;
import java.util.Optional;

/** Builds the MCP hub of the daemon and hooks it to health and metrics; used only when a server is configured. */
final class McpWiring {
    private McpWiring() {}

    /** Returns the started hub of {@code cfg.mcp()}: approvals from the database, calls counted in {@code metrics}. */
    static McpHub hub(BlufioConfig cfg, Database db, Metrics metrics, Clock clock) {
        McpApprovalStore approvals = new McpApprovalStore(db);
        // ${vault:NAME} references were replaced when the secrets were resolved; one left names a missing entry
        return new McpHub(cfg.mcp().servers(), System.getenv(), name -> Optional.empty(), approvals::approved, metrics, clock,
                io.blufio.Ticker.SYSTEM::nanoTime, McpHub.REFRESH).start();
    }

    /** Reports the servers in {@code /v1/health} and as {@code blufio_mcp_server_up{server}} (1 up or not needed yet, 0 down). */
    static void observe(McpHub hub, Health health, Metrics metrics) {
        health.mcp(hub::status);
        for (var s : hub.status()) {
            String name = s.name();
            metrics.gauge("blufio.mcp.server.up", "1 when the MCP server is up (or idle, not started), 0 when down", null,
                    () -> hub.status().stream().filter(x -> x.name().equals(name)).findFirst()
                            .map(x -> x.state() == ServerState.DOWN ? 0 : 1).orElse(0), "server", name);
        }
    }
}
