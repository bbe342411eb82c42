package io.blufio.memory;

import io.blufio.store.Database;
import io.blufio.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The {@code memory_extraction} table (schema V6): per session, the id of the newest message an extraction
 * call has read. Messages at or below it are never sent to extraction again.
 */
final class ExtractionMarks {
    private final Database db;

    ExtractionMarks(Database db) {
        this.db = db;
    }

    /** Returns the session's mark (0 when none ran yet). */
    long mark(long sessionId) {
        return db.read(c -> Sql.scalarLong(c, "SELECT upto_message_id FROM memory_extraction WHERE session_id = ?", sessionId));
    }

    /** Moves the mark to {@code upto} inside the caller's transaction (never backwards) and counts one run. */
    static void advance(Connection c, long sessionId, long upto, Instant now) throws SQLException {
        Sql.update(c, """
                INSERT INTO memory_extraction(session_id, upto_message_id, runs, updated_at) VALUES (?, ?, 1, ?)
                ON CONFLICT(session_id) DO UPDATE SET upto_message_id = max(upto_message_id, excluded.upto_message_id),
                    runs = runs + 1, updated_at = excluded.updated_at""", sessionId, upto, now);
    }

    /**
     * Returns up to {@code limit} sessions idle since {@code idleSince} (last turn at or before it) that
     * have messages past their mark, longest idle first.
     */
    List<Memories.DueSession> due(Instant idleSince, int limit) {
        return db.read(c -> Sql.list(c, """
                SELECT s.id, s.key, COALESCE(e.upto_message_id, 0) AS mark
                FROM sessions s LEFT JOIN memory_extraction e ON e.session_id = s.id
                WHERE s.updated_at <= ?
                  AND EXISTS (SELECT 1 FROM messages m WHERE m.session_id = s.id AND m.id > COALESCE(e.upto_message_id, 0))
                ORDER BY s.updated_at, s.id LIMIT ?""",
                rs -> new Memories.DueSession(rs.getLong(1), rs.getString(2), rs.getLong(3)), idleSince, limit));
    }
}
