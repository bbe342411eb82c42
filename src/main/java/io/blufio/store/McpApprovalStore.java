package io.blufio.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Approved MCP tools (table {@code mcp_approvals}, schema 11): per server, tool name to the SHA-256 (hex) of
 * its name, description and input schema at approval time.
 */
public final class McpApprovalStore {
    private final Database db;

    public McpApprovalStore(Database db) {
        this.db = db;
    }

    /** Returns the approved tools of {@code server}: tool name to hash, by name. */
    public Map<String, String> approved(String server) {
        return db.read(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            Sql.forEach(c, "SELECT tool, hash FROM mcp_approvals WHERE server = ? ORDER BY tool",
                    rs -> out.put(rs.getString(1), rs.getString(2)), server);
            return out;
        });
    }

    /** Records (or replaces) the approval of {@code tool} of {@code server} with {@code hash} (64 hex characters). */
    public void approve(String server, String tool, String hash, Instant at) {
        db.write(c -> Sql.update(c, """
                INSERT INTO mcp_approvals (server, tool, hash, approved_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (server, tool) DO UPDATE SET hash = excluded.hash, approved_at = excluded.approved_at""",
                server, tool, hash, at));
    }
}
