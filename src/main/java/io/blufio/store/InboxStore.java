package io.blufio.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable inbox: every accepted message is a committed row before its sender hears "accepted".
 * Rows move {@code pending -> leased -> done | failed}; a row leased by a process that died is put back
 * to {@code pending} at the next start ({@link #requeueLeased()}), so its turn is redone, never lost.
 */
public final class InboxStore {
    private final Database db;

    public InboxStore(Database db) {
        this.db = db;
    }

    /**
     * Commits a new pending row.
     *
     * @param externalId the channel's id for the message (dedupe key with {@code channel}); null for none
     * @return the new row id, or empty when {@code (channel, externalId)} was accepted before (a duplicate)
     */
    public Optional<Long> accept(String channel, String externalId, String sessionKey, String sender, String content, Instant now) {
        return db.write(c -> accept(c, channel, externalId, sessionKey, sender, content, now));
    }

    /** Like {@link #accept(String, String, String, String, String, Instant)}, inside the caller's write transaction. */
    public Optional<Long> accept(Connection c, String channel, String externalId, String sessionKey, String sender, String content, Instant now)
            throws SQLException {
        int added = Sql.update(c, """
                INSERT INTO inbox(channel, external_id, session_key, sender, content, received_at)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(channel, external_id) DO NOTHING""",
                channel, externalId, sessionKey, sender, content, now);
        return added == 0 ? Optional.empty() : Optional.of(Sql.lastInsertRowid(c));
    }

    /** Returns up to {@code limit} pending rows, oldest first. */
    public List<InboxItem> pending(int limit) {
        return db.read(c -> Sql.list(c, "SELECT * FROM inbox WHERE state = 'pending' ORDER BY id LIMIT ?", InboxStore::map, limit));
    }

    /**
     * Moves a pending row to leased (handed to its session actor); returns false if it was not pending.
     * The attempt is counted later, by {@link #beginAttempt}, when the turn really starts: a row that
     * waited in an actor's mailbox when the process died has not been tried.
     */
    public boolean lease(long id) {
        return db.writeRelaxed(c -> Sql.update(c, "UPDATE inbox SET state = 'leased' WHERE id = ? AND state = 'pending'", id) == 1);
    }

    /**
     * Counts one attempt of leased row {@code id}, committed before its turn starts, so a turn that
     * crashes the process (an out-of-memory exit, a kill) is counted too and cannot loop forever.
     * Committed relaxed: it survives a crash of the process (see {@link Database#writeRelaxed}).
     *
     * @return the attempts now counted, or -1 when the row is not leased
     */
    public int beginAttempt(long id) {
        return db.writeRelaxed(c -> Sql.one(c, "UPDATE inbox SET attempts = attempts + 1 WHERE id = ? AND state = 'leased' RETURNING attempts",
                rs -> rs.getInt(1), id).orElse(-1));
    }

    /** Puts a leased row back to pending (its turn will run again). */
    public void release(long id) {
        db.writeRelaxed(c -> Sql.update(c, "UPDATE inbox SET state = 'pending' WHERE id = ? AND state = 'leased'", id));
    }

    /** At start-up: every row a dead process had leased goes back to pending. Returns how many. */
    public int requeueLeased() {
        return db.write(c -> Sql.update(c, "UPDATE inbox SET state = 'pending' WHERE state = 'leased'"));
    }

    /** Marks a row finished ({@code done} or {@code failed}) inside the caller's write transaction. */
    public void finish(Connection c, long id, InboxState state, String resultJson, Instant now) throws SQLException {
        finish(c, id, state.sql(), resultJson, now);
    }

    /** Like {@link #finish(Connection, long, InboxState, String, Instant)} with the stored state value. */
    public void finish(Connection c, long id, String state, String resultJson, Instant now) throws SQLException {
        Sql.update(c, "UPDATE inbox SET state = ?, result = ?, finished_at = ? WHERE id = ?", state, resultJson, now, id);
    }

    /** Returns the row accepted with {@code (channel, externalId)}, if any. */
    public Optional<InboxItem> findByExternal(String channel, String externalId) {
        return db.read(c -> Sql.one(c, "SELECT * FROM inbox WHERE channel = ? AND external_id = ?", InboxStore::map, channel, externalId));
    }

    /** Returns the row with {@code id}, if any. */
    public Optional<InboxItem> find(long id) {
        return db.read(c -> Sql.one(c, "SELECT * FROM inbox WHERE id = ?", InboxStore::map, id));
    }

    /** Returns how many rows wait for or are in a turn (pending + leased). */
    public long depth() {
        return db.read(c -> Sql.scalarLong(c, "SELECT count(*) FROM inbox WHERE state IN ('pending', 'leased')"));
    }

    private static InboxItem map(ResultSet rs) throws SQLException {
        return new InboxItem(rs.getLong("id"), rs.getString("channel"), rs.getString("external_id"), rs.getString("session_key"),
                rs.getString("sender"), rs.getString("content"), rs.getString("state"), rs.getInt("attempts"),
                Sql.instant(rs, "received_at"), rs.getString("result"));
    }
}
