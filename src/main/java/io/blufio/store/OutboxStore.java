package io.blufio.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outbox (tables {@code outbox} and {@code outbox_parts}, schema 6): replies committed with their
 * turns and waiting for, or done with, delivery. Every change after {@link #claim} is guarded by the
 * claimer's lease owner and the {@code sending} state, so a worker that lost its claim changes nothing.
 * A part's message id is recorded with {@code synchronous=FULL} before the next part is sent: it is the
 * record that keeps a retry or a restart from sending the part again.
 */
public final class OutboxStore {
    private static final String COLUMNS = "o.turn_id, o.channel, i.external_id, o.session_key, o.kind, o.text, o.state, o.attempts,"
            + " o.next_attempt_at, o.created_at, o.last_error FROM outbox o LEFT JOIN inbox i ON i.id = o.turn_id";

    private final Database db;

    public OutboxStore(Database db) {
        this.db = db;
    }

    /**
     * Adds the reply of turn {@code turnId} inside the caller's write transaction (the turn's commit), due at once.
     *
     * @param error true when {@code text} is the user-facing message of a failed turn
     */
    public void insert(Connection c, long turnId, String channel, String sessionKey, boolean error, String text, Instant now)
            throws SQLException {
        Sql.update(c, """
                INSERT INTO outbox(turn_id, channel, session_key, kind, text, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(turn_id) DO NOTHING""",
                turnId, channel, sessionKey, error ? "error" : "answer", text, now, now);
    }

    /** At a worker's start: rows a dead process was sending go back to pending, due at once. Returns how many. */
    public int requeueSending(String channel) {
        return db.write(c -> Sql.update(c,
                "UPDATE outbox SET state = 'pending', lease_owner = NULL, lease_until = NULL WHERE channel = ? AND state = 'sending'", channel));
    }

    /** Returns up to {@code limit} pending and sending rows of {@code channel}, oldest turn first. */
    public List<OutboxRow> open(String channel, int limit) {
        return db.read(c -> Sql.list(c, "SELECT " + COLUMNS + " WHERE o.channel = ? AND o.state IN ('pending', 'sending') ORDER BY o.turn_id LIMIT ?",
                OutboxStore::row, channel, limit));
    }

    /** Returns the row of turn {@code turnId}, if any. */
    public Optional<OutboxRow> find(long turnId) {
        return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " WHERE o.turn_id = ?", OutboxStore::row, turnId));
    }

    /**
     * Claims a due pending row for {@code owner}: one {@code UPDATE} that moves it to {@code sending} only if it
     * is still pending and due (compare-and-set), counting the attempt. Returns false when someone else has it
     * or it is not due.
     */
    public boolean claim(long turnId, String owner, Instant now, Duration lease) {
        return db.writeRelaxed(c -> Sql.update(c, """
                UPDATE outbox SET state = 'sending', lease_owner = ?, lease_until = ?, attempts = attempts + 1
                WHERE turn_id = ? AND state = 'pending' AND next_attempt_at <= ?""",
                owner, now.plus(lease), turnId, now) == 1);
    }

    /** Returns the parts of turn {@code turnId} in order; empty before {@link #split}. */
    public List<OutboxPart> parts(long turnId) {
        return db.read(c -> parts(c, turnId));
    }

    private static List<OutboxPart> parts(Connection c, long turnId) throws SQLException {
        return Sql.list(c, "SELECT part, text, external_id FROM outbox_parts WHERE turn_id = ? ORDER BY part",
                rs -> new OutboxPart(rs.getInt(1), rs.getString(2), rs.getString(3)), turnId);
    }

    /**
     * Stores how the reply is cut into parts, once: when parts exist already they are returned unchanged
     * (so a resumed reply keeps the parts it was sent in). Returns empty when {@code owner} lost its claim.
     */
    public Optional<List<OutboxPart>> split(long turnId, String owner, List<String> texts) {
        return db.writeRelaxed(c -> {
            if (!owns(c, turnId, owner)) return Optional.empty();
            List<OutboxPart> existing = parts(c, turnId);
            if (!existing.isEmpty()) return Optional.of(existing);
            List<OutboxPart> out = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                Sql.update(c, "INSERT INTO outbox_parts(turn_id, part, text) VALUES (?, ?, ?)", turnId, i + 1, texts.get(i));
                out.add(new OutboxPart(i + 1, texts.get(i), null));
            }
            Sql.update(c, "UPDATE outbox SET parts = ? WHERE turn_id = ?", texts.size(), turnId);
            return Optional.of(out);
        });
    }

    /**
     * Records that part {@code part} was sent as {@code externalId} and renews the lease; durable
     * ({@code synchronous=FULL}) when this returns. Returns false when {@code owner} lost its claim.
     */
    public boolean recordPart(long turnId, int part, String externalId, String owner, Instant now, Duration lease) {
        return db.write(c -> {
            if (!owns(c, turnId, owner)) return false;
            Sql.update(c, "UPDATE outbox_parts SET external_id = ?, sent_at = ? WHERE turn_id = ? AND part = ? AND external_id IS NULL",
                    externalId, now, turnId, part);
            Sql.update(c, "UPDATE outbox SET lease_until = ? WHERE turn_id = ?", now.plus(lease), turnId);
            return true;
        });
    }

    /** Marks the reply delivered; returns false when {@code owner} lost its claim. */
    public boolean delivered(long turnId, String owner, Instant now) {
        return finish(turnId, owner, ReplyState.DELIVERED.sql(), now, null);
    }

    /** Marks the reply failed for good with {@code reason}; returns false when {@code owner} lost its claim. */
    public boolean fail(long turnId, String owner, Instant now, String reason) {
        return finish(turnId, owner, ReplyState.FAILED.sql(), now, reason);
    }

    private boolean finish(long turnId, String owner, String state, Instant now, String reason) {
        return db.writeRelaxed(c -> Sql.update(c, """
                UPDATE outbox SET state = ?, finished_at = ?, last_error = coalesce(?, last_error), lease_owner = NULL, lease_until = NULL
                WHERE turn_id = ? AND state = 'sending' AND lease_owner = ?""",
                state, now, reason, turnId, owner) == 1);
    }

    /** Puts a claimed reply back to pending, due at {@code next}, with {@code error} as the last failure. */
    public boolean retry(long turnId, String owner, Instant next, String error) {
        return toPending(turnId, owner, next, error, 0);
    }

    /** Puts a claimed reply back to pending, due at once, without counting the attempt (a shutdown stopped it). */
    public boolean release(long turnId, String owner, Instant now) {
        return toPending(turnId, owner, now, null, 1);
    }

    private boolean toPending(long turnId, String owner, Instant next, String error, int uncount) {
        return db.writeRelaxed(c -> Sql.update(c, """
                UPDATE outbox SET state = 'pending', next_attempt_at = ?, last_error = coalesce(?, last_error),
                    attempts = max(0, attempts - ?), lease_owner = NULL, lease_until = NULL
                WHERE turn_id = ? AND state = 'sending' AND lease_owner = ?""",
                next, error, uncount, turnId, owner) == 1);
    }

    /** Returns how many replies of {@code channel} are pending, sending and failed (delivered ones are not counted). */
    public Map<ReplyState, Long> counts(String channel) {
        return db.read(c -> {
            Map<ReplyState, Long> out = new EnumMap<>(ReplyState.class);
            for (ReplyState s : ReplyState.values()) if (s != ReplyState.DELIVERED) out.put(s, 0L);
            Sql.forEach(c, "SELECT state, count(*) FROM outbox WHERE channel = ? AND state IN ('pending', 'sending', 'failed') GROUP BY state",
                    rs -> out.put(ReplyState.of(rs.getString(1)), rs.getLong(2)), channel);
            return out;
        });
    }

    /** Returns the newest failed reply of {@code channel}, if any. */
    public Optional<OutboxRow> lastFailed(String channel) {
        return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " WHERE o.channel = ? AND o.state = 'failed' ORDER BY o.turn_id DESC LIMIT 1",
                OutboxStore::row, channel));
    }

    /** Deletes delivered replies (and their parts) finished before {@code before}; failed ones stay. Returns how many. */
    public int pruneDelivered(Instant before) {
        return db.writeRelaxed(c -> {
            Sql.update(c, "DELETE FROM outbox_parts WHERE turn_id IN"
                    + " (SELECT turn_id FROM outbox WHERE state = 'delivered' AND finished_at < ?)", before);
            return Sql.update(c, "DELETE FROM outbox WHERE state = 'delivered' AND finished_at < ?", before);
        });
    }

    private static boolean owns(Connection c, long turnId, String owner) throws SQLException {
        return Sql.exists(c, "SELECT 1 FROM outbox WHERE turn_id = ? AND state = 'sending' AND lease_owner = ?", turnId, owner);
    }

    private static OutboxRow row(ResultSet rs) throws SQLException {
        return new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), "error".equals(rs.getString(5)),
                rs.getString(6), ReplyState.of(rs.getString(7)), rs.getInt(8), Instant.ofEpochMilli(rs.getLong(9)),
                Instant.ofEpochMilli(rs.getLong(10)), rs.getString(11));
    }
}
