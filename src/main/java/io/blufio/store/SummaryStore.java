package io.blufio.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
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
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM summaries WHERE session_id = ? ORDER BY id DESC LIMIT 1")) {
                ps.setLong(1, sessionId);
                List<StoredSummary> all = list(ps);
                return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
            }
        });
    }

    /** Returns every summary of a session, oldest first. */
    public List<StoredSummary> all(long sessionId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM summaries WHERE session_id = ? ORDER BY id")) {
                ps.setLong(1, sessionId);
                return list(ps);
            }
        });
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
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, turn_id, length(content) FROM messages WHERE session_id = ? AND compacted = 0
                    ORDER BY id DESC LIMIT ?""")) {
                ps.setLong(1, sessionId);
                ps.setInt(2, maxRows);
                List<MessageSize> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new MessageSize(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
                }
                return out;
            }
        });
    }

    /**
     * Returns the not-compacted messages of a session with ids from {@code fromId} to {@code toId}
     * (inclusive), oldest first, at most {@code maxRows}. The caller bounds their size beforehand with
     * {@link #newestSizes}.
     */
    public List<StoredMessage> range(long sessionId, long fromId, long toId, int maxRows) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT * FROM messages WHERE session_id = ? AND compacted = 0 AND id BETWEEN ? AND ?
                    ORDER BY id LIMIT ?""")) {
                ps.setLong(1, sessionId);
                ps.setLong(2, fromId);
                ps.setLong(3, toId);
                ps.setInt(4, maxRows);
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
        });
    }

    /**
     * Returns the first {@code headChars} characters of each not-compacted message with id from
     * {@code fromId} to {@code toId}, oldest first, at most {@code maxRows}: SQLite cuts the text, so a
     * huge message never reaches the heap whole.
     */
    public List<MessageHead> heads(long sessionId, long fromId, long toId, int headChars, int maxRows) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, turn_id, role, substr(content, 1, ?), length(content), length(content) > ? FROM messages
                    WHERE session_id = ? AND compacted = 0 AND id BETWEEN ? AND ? ORDER BY id LIMIT ?""")) {
                ps.setInt(1, headChars);
                ps.setInt(2, headChars);
                ps.setLong(3, sessionId);
                ps.setLong(4, fromId);
                ps.setLong(5, toId);
                ps.setInt(6, maxRows);
                List<MessageHead> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new MessageHead(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getBoolean(6)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Stores {@code text} as the session's summary of every message up to {@code uptoMessageId} and marks
     * those still uncompacted as compacted, in one transaction.
     *
     * @return the number of messages newly marked compacted
     */
    public int compact(long sessionId, long uptoMessageId, String text, String model, Instant now) {
        return db.write(c -> {
            int marked;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE messages SET compacted = 1 WHERE session_id = ? AND id <= ? AND compacted = 0")) {
                ps.setLong(1, sessionId);
                ps.setLong(2, uptoMessageId);
                marked = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO summaries(session_id, upto_message_id, messages, text, model, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)""")) {
                ps.setLong(1, sessionId);
                ps.setLong(2, uptoMessageId);
                ps.setInt(3, marked);
                ps.setString(4, text);
                ps.setString(5, model);
                ps.setLong(6, now.toEpochMilli());
                ps.executeUpdate();
            }
            return marked;
        });
    }

    private static List<StoredSummary> list(PreparedStatement ps) throws SQLException {
        List<StoredSummary> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StoredSummary(rs.getLong("id"), rs.getLong("session_id"), rs.getLong("upto_message_id"),
                        rs.getInt("messages"), rs.getString("text"), rs.getString("model"),
                        Instant.ofEpochMilli(rs.getLong("created_at"))));
            }
        }
        return out;
    }
}
