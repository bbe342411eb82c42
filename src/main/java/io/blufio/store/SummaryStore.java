package io.blufio.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Compaction summaries (table {@code summaries}) and the not-yet-compacted part of a session's history.
 * Storing a summary and marking the messages it covers as compacted happen in one transaction, so a
 * message is summarised at most once and never lost from the prompt.
 */
public final class SummaryStore {
    private final Database db;

    public SummaryStore(Database db) {
        this.db = db;
    }

    /** Returns the newest summary of a session, if it was ever compacted. */
    public Optional<StoredSummary> latest(long sessionId) {
        return db.read(c -> Sql.one(c, "SELECT * FROM summaries WHERE session_id = ? ORDER BY id DESC LIMIT 1", SummaryStore::map, sessionId));
    }

    /** Returns every summary of a session, oldest first. */
    public List<StoredSummary> all(long sessionId) {
        return db.read(c -> Sql.list(c, "SELECT * FROM summaries WHERE session_id = ? ORDER BY id", SummaryStore::map, sessionId));
    }

    /**
     * Size of one not-compacted message, read without its content.
     *
     * @param chars length of the stored content JSON, in characters
     */
    public record MessageSize(long id, long turnId, long chars) {}

    /**
     * The start of one stored message, for a compaction transcript.
     *
     * @param head the content JSON, whole when {@code cut} is false, else its first characters
     * @param chars length of the whole content JSON, in characters
     * @param cut true when {@code head} is only the start of the content
     */
    public record MessageHead(long id, long turnId, String role, String head, long chars, boolean cut) {}

    /**
     * Returns the ids, turns and sizes of the newest not-compacted messages of a session, newest first,
     * at most {@code maxRows} (a bounded read: no content is loaded).
     */
    public List<MessageSize> newestSizes(long sessionId, int maxRows) {
        return db.read(c -> Sql.list(c, """
                SELECT id, turn_id, length(content) FROM messages WHERE session_id = ? AND compacted = 0
                ORDER BY id DESC LIMIT ?""", rs -> new MessageSize(rs.getLong(1), rs.getLong(2), rs.getLong(3)), sessionId, maxRows));
    }

    /**
     * Returns the not-compacted messages of a session with ids from {@code fromId} to {@code toId}
     * (inclusive), oldest first, at most {@code maxRows}. The caller bounds their size beforehand with
     * {@link #newestSizes}.
     */
    public List<StoredMessage> range(long sessionId, long fromId, long toId, int maxRows) {
        return db.read(c -> Sql.list(c, """
                SELECT * FROM messages WHERE session_id = ? AND compacted = 0 AND id BETWEEN ? AND ?
                ORDER BY id LIMIT ?""", MessageStore::map, sessionId, fromId, toId, maxRows));
    }

    /**
     * Returns the first {@code headChars} characters of each not-compacted message with id from
     * {@code fromId} to {@code toId}, oldest first, at most {@code maxRows}: SQLite cuts the text, so a
     * huge message never reaches the heap whole.
     */
    public List<MessageHead> heads(long sessionId, long fromId, long toId, int headChars, int maxRows) {
        return db.read(c -> Sql.list(c, """
                SELECT id, turn_id, role, substr(content, 1, ?), length(content), length(content) > ? FROM messages
                WHERE session_id = ? AND compacted = 0 AND id BETWEEN ? AND ? ORDER BY id LIMIT ?""",
                rs -> new MessageHead(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getBoolean(6)),
                headChars, headChars, sessionId, fromId, toId, maxRows));
    }

    /**
     * Stores {@code text} as the session's summary of every message up to {@code uptoMessageId} and marks
     * those still uncompacted as compacted, in one transaction.
     *
     * @return the number of messages newly marked compacted
     */
    public int compact(long sessionId, long uptoMessageId, String text, String model, Instant now) {
        return db.write(c -> {
            int marked = Sql.update(c, "UPDATE messages SET compacted = 1 WHERE session_id = ? AND id <= ? AND compacted = 0",
                    sessionId, uptoMessageId);
            Sql.update(c, """
                    INSERT INTO summaries(session_id, upto_message_id, messages, text, model, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)""", sessionId, uptoMessageId, marked, text, model, now);
            return marked;
        });
    }

    private static StoredSummary map(ResultSet rs) throws SQLException {
        return new StoredSummary(rs.getLong("id"), rs.getLong("session_id"), rs.getLong("upto_message_id"), rs.getInt("messages"),
                rs.getString("text"), rs.getString("model"), Sql.instant(rs, "created_at"));
    }
}
