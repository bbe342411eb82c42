package io.blufio.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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
        return Sql.insert(c, "INSERT INTO messages(session_id, turn_id, role, content, model, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                sessionId, turnId, role, contentJson, model, now);
    }

    /**
     * Returns the not-compacted messages of the last {@code turns} turns of a session, oldest first.
     * 0 turns gives an empty list.
     */
    public List<StoredMessage> recentTurns(long sessionId, int turns) {
        if (turns <= 0) return List.of();
        return db.read(c -> Sql.list(c, """
                SELECT * FROM messages WHERE session_id = ? AND compacted = 0 AND turn_id IN (
                    SELECT DISTINCT turn_id FROM messages WHERE session_id = ? AND compacted = 0
                    ORDER BY turn_id DESC LIMIT ?)
                ORDER BY id""", MessageStore::map, sessionId, sessionId, turns));
    }

    /** Returns up to {@code limit} messages with id below {@code before} (0 = newest), newest first. */
    public List<StoredMessage> page(long sessionId, int limit, long before) {
        return db.read(c -> Sql.list(c, "SELECT * FROM messages WHERE session_id = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?",
                MessageStore::map, sessionId, before, before, limit));
    }

    /** Returns up to {@code limit} messages of a session with id above {@code afterId}, oldest first. */
    public List<StoredMessage> after(long sessionId, long afterId, int limit) {
        return db.read(c -> Sql.list(c, "SELECT * FROM messages WHERE session_id = ? AND id > ? ORDER BY id LIMIT ?",
                MessageStore::map, sessionId, afterId, limit));
    }

    /** Maps a row of {@code SELECT * FROM messages}. */
    static StoredMessage map(ResultSet rs) throws SQLException {
        return new StoredMessage(rs.getLong("id"), rs.getLong("session_id"), rs.getLong("turn_id"), rs.getString("role"),
                rs.getString("content"), rs.getString("model"), Sql.instant(rs, "created_at"));
    }
}
