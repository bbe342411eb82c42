package io.blufio.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
            try (PreparedStatement ps = c.prepareStatement("SELECT tool, hash FROM mcp_approvals WHERE server = ? ORDER BY tool")) {
                ps.setString(1, server);
                Map<String, String> out = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), rs.getString(2));
                }
                return out;
            }
        });
    }

    /** Records (or replaces) the approval of {@code tool} of {@code server} with {@code hash} (64 hex characters). */
    public void approve(String server, String tool, String hash, Instant at) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO mcp_approvals (server, tool, hash, approved_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (server, tool) DO UPDATE SET hash = excluded.hash, approved_at = excluded.approved_at""")) {
                ps.setString(1, server);
                ps.setString(2, tool);
                ps.setString(3, hash);
                ps.setLong(4, at.toEpochMilli());
                ps.executeUpdate();
                return null;
            }
        });
    }
}
