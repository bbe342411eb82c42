package io.blufio.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Heartbeat state (table {@code heartbeats}, schema 6) and the reads a heartbeat needs: which sessions the
 * user wrote in lately, and what the heartbeat has spent this month. "The user's own turns" are inbox rows
 * not queued by a schedule ({@link ScheduleStore#SENDER}) or by a heartbeat ({@link #SENDER}).
 */
public final class HeartbeatStore {
    /** The inbox {@code sender} of a message a heartbeat sends. */
    public static final String SENDER = "heartbeat";
    /** The ledger feature of heartbeat calls (SPEC section 12). */
    public static final String FEATURE = "heartbeat";

    private final Database db;

    public HeartbeatStore(Database db) {
        this.db = db;
    }

    /**
     * A session the user wrote in lately.
     *
     * @param lastMessageId the newest message of the user's own turns
     * @param lastContent that message's content (JSON blocks)
     * @param lastAt when it was stored
     */
    public record Active(long sessionId, String sessionKey, String channel, long lastMessageId, String lastContent, Instant lastAt) {}

    /** The stored state of one session's heartbeat. */
    public record State(String lastHash, Instant lastCheckedAt, String lastOutcome) {}

    /** Returns sessions whose newest message of the user's own turns is at or after {@code since}, at most {@code limit}. */
    public List<Active> activeSince(Instant since, int limit) {
        return db.read(c -> Sql.list(c, """
                SELECT s.id, s.key, s.channel, m.id AS mid, m.content, m.created_at FROM sessions s
                JOIN messages m ON m.id = (
                    SELECT max(m2.id) FROM messages m2 LEFT JOIN inbox i ON i.id = m2.turn_id
                    WHERE m2.session_id = s.id AND coalesce(i.sender, '') NOT IN (?, ?))
                WHERE m.created_at >= ? ORDER BY s.id LIMIT ?""",
                rs -> new Active(rs.getLong("id"), rs.getString("key"), rs.getString("channel"), rs.getLong("mid"),
                        rs.getString("content"), Sql.instant(rs, "created_at")),
                ScheduleStore.SENDER, SENDER, since, limit));
    }

    /** Returns the heartbeat state of a session, if it had a check. */
    public Optional<State> state(long sessionId) {
        return db.read(c -> Sql.one(c, "SELECT * FROM heartbeats WHERE session_id = ?",
                rs -> new State(rs.getString("last_hash"), Sql.instant(rs, "last_checked_at"), rs.getString("last_outcome")), sessionId));
    }

    /** Stores the outcome of a check. */
    public void record(long sessionId, String hash, Instant at, String outcome) {
        db.writeRelaxed(c -> Sql.update(c, """
                INSERT INTO heartbeats(session_id, last_hash, last_checked_at, last_outcome) VALUES (?, ?, ?, ?)
                ON CONFLICT(session_id) DO UPDATE SET last_hash = excluded.last_hash,
                    last_checked_at = excluded.last_checked_at, last_outcome = excluded.last_outcome""",
                sessionId, hash, at, outcome));
    }

    /** Returns the exact USD the ledger records for feature {@code heartbeat} in {@code [from, to)}. */
    public BigDecimal spent(Instant from, Instant to) {
        return db.read(c -> LedgerStore.sum(c, "SELECT cost_usd FROM ledger WHERE feature = ? AND at >= ? AND at < ?", FEATURE, from, to));
    }
}
