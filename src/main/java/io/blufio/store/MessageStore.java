package io.blufio.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Messages table: the full content blocks of every turn, so history replays exactly. */
public final class MessageStore {
    private final Database db;

    public MessageStore(Database db) {
        this.db = db;
    }

    /** Inserts one message inside the caller's write transaction and returns its id. */
    public long insert(Connection c, long sessionId, long turnId, String role, String contentJson, String model, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO messages(session_id, turn_id, role, content, model, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, sessionId);
            ps.setLong(2, turnId);
            ps.setString(3, role);
            ps.setString(4, contentJson);
            ps.setString(5, model);
            ps.setLong(6, now.toEpochMilli());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT last_insert_rowid()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Returns the not-compacted messages of the last {@code turns} turns of a session, oldest first.
     * 0 turns gives an empty list.
     */
    public List<StoredMessage> recentTurns(long sessionId, int turns) {
        if (turns <= 0) return List.of();
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT * FROM messages WHERE session_id = ? AND compacted = 0 AND turn_id IN (
                        SELECT DISTINCT turn_id FROM messages WHERE session_id = ? AND compacted = 0
                        ORDER BY turn_id DESC LIMIT ?)
                    ORDER BY id""")) {
                ps.setLong(1, sessionId);
                ps.setLong(2, sessionId);
                ps.setInt(3, turns);
                return list(ps);
            }
        });
    }

    /** Returns up to {@code limit} messages with id below {@code before} (0 = newest), newest first. */
    public List<StoredMessage> page(long sessionId, int limit, long before) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM messages WHERE session_id = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?")) {
                ps.setLong(1, sessionId);
                ps.setLong(2, before);
                ps.setLong(3, before);
                ps.setInt(4, limit);
                return list(ps);
            }
        });
    }

    /** Returns up to {@code limit} messages of a session with id above {@code afterId}, oldest first. */
    public List<StoredMessage> after(long sessionId, long afterId, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM messages WHERE session_id = ? AND id > ? ORDER BY id LIMIT ?")) {
                ps.setLong(1, sessionId);
                ps.setLong(2, afterId);
                ps.setInt(3, limit);
                return list(ps);
            }
        });
    }

    private static List<StoredMessage> list(PreparedStatement ps) throws SQLException {
        List<StoredMessage> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StoredMessage(rs.getLong("id"), rs.getLong("session_id"), rs.getLong("turn_id"),
                        rs.getString("role"), rs.getString("content"), rs.getString("model"),
                        Instant.ofEpochMilli(rs.getLong("created_at"))));
            }
        }
        return out;
    }
}
