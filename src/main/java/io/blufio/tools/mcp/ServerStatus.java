package io.blufio.tools.mcp;

import java.time.Instant;
import java.util.List;

/**
 * One MCP server as last seen, for health, {@code status} and {@code doctor}.
 *
 * @param name the server's name
 * @param transport {@code stdio} or {@code http}
 * @param state where it stands
 * @param offered tools offered to the model (approved, unchanged, allowed), model-facing names
 * @param withheld tools whose name, description or schema changed since approval: withheld until approved again
 * @param unapproved tools never approved (not offered)
 * @param lastError why it is down (no secret), or null
 * @param lastErrorAt when that was, or null
 * @param restarts starts after the first one (after a death, a failure or an idle stop)
 */
public record ServerStatus(String name, String transport, ServerState state, List<String> offered, List<String> withheld,
        List<String> unapproved, String lastError, Instant lastErrorAt, int restarts) {
    public ServerStatus {
        offered = List.copyOf(offered);
        withheld = List.copyOf(withheld);
        unapproved = List.copyOf(unapproved);
    }

    /** Returns true when the server is usable or simply not needed yet (not down). */
    public boolean healthy() {
        return state != ServerState.DOWN;
    }
}
