package io.blufio.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tables {@code schedules} and {@code schedule_runs} (schema 6). Validation and next-fire arithmetic
 * live in the agent; this class only reads and writes rows. Times are epoch milliseconds.
 */
public final class ScheduleStore {
    /** The inbox {@code sender} of a turn queued by a schedule. */
    public static final String SENDER = "scheduler";

    private static final String SELECT = """
            SELECT sc.*, s.key AS session_key, s.channel AS session_channel FROM schedules sc
            JOIN sessions s ON s.id = sc.session_id""";

    private final Database db;

    public ScheduleStore(Database db) {
        this.db = db;
    }

    /** Returns how many active schedules a session has, inside the caller's transaction. */
    public int countActive(Connection c, long sessionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM schedules WHERE session_id = ? AND state = 'active'")) {
            ps.setLong(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** Inserts an active schedule inside the caller's transaction and returns its id. */
    public long insert(Connection c, long sessionId, String kind, String spec, String zone, String prompt, String createdBy,
            Instant createdAt, Instant nextFireAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO schedules(session_id, kind, spec, zone, prompt, created_by, created_at, next_fire_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setLong(1, sessionId);
            ps.setString(2, kind);
            ps.setString(3, spec);
            ps.setString(4, zone);
            ps.setString(5, prompt);
            ps.setString(6, createdBy);
            ps.setLong(7, createdAt.toEpochMilli());
            ps.setLong(8, nextFireAt.toEpochMilli());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT last_insert_rowid()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Returns the schedule with {@code id}, whatever its state. */
    public Optional<Schedule> find(long id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE sc.id = ?")) {
                ps.setLong(1, id);
                List<Schedule> l = list(ps);
                return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
            }
        });
    }

    /**
     * Returns schedules by id, at most {@code limit}: of one session ({@code sessionId} not null) or all,
     * active ones only unless {@code withEnded}.
     */
    public List<Schedule> list(Long sessionId, boolean withEnded, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE (? IS NULL OR sc.session_id = ?)"
                    + (withEnded ? "" : " AND sc.state = 'active'") + " ORDER BY sc.id LIMIT ?")) {
                if (sessionId == null) {
                    ps.setNull(1, Types.INTEGER);
                    ps.setNull(2, Types.INTEGER);
                } else {
                    ps.setLong(1, sessionId);
                    ps.setLong(2, sessionId);
                }
                ps.setInt(3, limit);
                return list(ps);
            }
        });
    }

    /** Returns active schedules with an occurrence at or before {@code now}, earliest first, at most {@code limit}. */
    public List<Schedule> due(Instant now, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT
                    + " WHERE sc.state = 'active' AND sc.next_fire_at <= ? ORDER BY sc.next_fire_at, sc.id LIMIT ?")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setInt(2, limit);
                return list(ps);
            }
        });
    }

    /** Returns the active schedule that fires next, if any. */
    public Optional<Schedule> next() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT
                    + " WHERE sc.state = 'active' AND sc.next_fire_at IS NOT NULL ORDER BY sc.next_fire_at, sc.id LIMIT 1")) {
                List<Schedule> l = list(ps);
                return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
            }
        });
    }

    /** Returns how many schedules are active. */
    public long activeCount() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM schedules WHERE state = 'active'");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /**
     * Records one run inside the caller's transaction; a run already recorded for the same occurrence and
     * outcome is left as it is. Returns true when a row was added.
     */
    public boolean recordRun(Connection c, long scheduleId, Instant scheduledAt, Instant firedAt, String outcome, int missed,
            Long inboxId, String note) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO schedule_runs(schedule_id, scheduled_at, fired_at, outcome, missed, inbox_id, note)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(schedule_id, scheduled_at, outcome) DO NOTHING""")) {
            ps.setLong(1, scheduleId);
            ps.setLong(2, scheduledAt.toEpochMilli());
            ps.setLong(3, firedAt.toEpochMilli());
            ps.setString(4, outcome);
            ps.setInt(5, missed);
            if (inboxId == null) ps.setNull(6, Types.INTEGER); else ps.setLong(6, inboxId);
            ps.setString(7, note);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Moves an active schedule on, inside the caller's transaction, but only if its next occurrence is
     * still {@code expected} (another writer did not move it first). {@code next} null ends it ({@code done}).
     * Returns true when the row was moved.
     */
    public boolean advance(Connection c, long id, Instant expected, Instant next, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE schedules SET next_fire_at = ?, state = CASE WHEN ? IS NULL THEN 'done' ELSE state END,
                    ended_at = CASE WHEN ? IS NULL THEN ? ELSE ended_at END
                WHERE id = ? AND state = 'active' AND next_fire_at = ?""")) {
            if (next == null) {
                ps.setNull(1, Types.INTEGER);
                ps.setNull(2, Types.INTEGER);
                ps.setNull(3, Types.INTEGER);
            } else {
                ps.setLong(1, next.toEpochMilli());
                ps.setLong(2, next.toEpochMilli());
                ps.setLong(3, next.toEpochMilli());
            }
            ps.setLong(4, now.toEpochMilli());
            ps.setLong(5, id);
            ps.setLong(6, expected.toEpochMilli());
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Cancels an active schedule; with {@code sessionId} not null only one of that session. Returns true
     * when it was active and is now cancelled.
     */
    public boolean cancel(long id, Long sessionId, Instant now) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE schedules SET state = 'cancelled', next_fire_at = NULL, ended_at = ?
                    WHERE id = ? AND state = 'active' AND (? IS NULL OR session_id = ?)""")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, id);
                if (sessionId == null) {
                    ps.setNull(3, Types.INTEGER);
                    ps.setNull(4, Types.INTEGER);
                } else {
                    ps.setLong(3, sessionId);
                    ps.setLong(4, sessionId);
                }
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Returns the newest runs of a schedule, newest first, at most {@code limit}, with the state of their turns. */
    public List<ScheduleRun> runs(long scheduleId, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT r.*, i.state AS turn_state FROM schedule_runs r LEFT JOIN inbox i ON i.id = r.inbox_id
                    WHERE r.schedule_id = ? ORDER BY r.scheduled_at DESC, r.id DESC LIMIT ?""")) {
                ps.setLong(1, scheduleId);
                ps.setInt(2, limit);
                List<ScheduleRun> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long inbox = rs.getLong("inbox_id");
                        Long inboxId = rs.wasNull() ? null : inbox;
                        out.add(new ScheduleRun(rs.getLong("id"), scheduleId, Instant.ofEpochMilli(rs.getLong("scheduled_at")),
                                Instant.ofEpochMilli(rs.getLong("fired_at")), rs.getString("outcome"), rs.getInt("missed"),
                                inboxId, rs.getString("note"), rs.getString("turn_state")));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Returns the inbox row a channel accepted under {@code externalId}, if any: an occurrence queued just
     * before a crash is found here, so it is recorded instead of being queued or skipped again.
     */
    public Optional<Long> inboxIdFor(String channel, String externalId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM inbox WHERE channel = ? AND external_id = ?")) {
                ps.setString(1, channel);
                ps.setString(2, externalId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
                }
            }
        });
    }

    /** Returns the inbox external id of occurrence {@code scheduledAt} of schedule {@code id}: {@code schedule:<id>:<epoch ms, 13 digits>}. */
    public static String externalId(long id, Instant scheduledAt) {
        return String.format(java.util.Locale.ROOT, "schedule:%d:%013d", id, scheduledAt.toEpochMilli());
    }

    /**
     * Returns the occurrences of schedule {@code id} in {@code [from, to]} that {@code channel}'s inbox
     * already holds, by scheduled time, with their inbox row ids (one indexed range read).
     */
    public java.util.Map<Instant, Long> queuedBetween(String channel, long id, Instant from, Instant to) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, external_id FROM inbox WHERE channel = ? AND external_id BETWEEN ? AND ?")) {
                ps.setString(1, channel);
                ps.setString(2, externalId(id, from));
                ps.setString(3, externalId(id, to));
                java.util.Map<Instant, Long> out = new java.util.TreeMap<>();
                String prefix = "schedule:" + id + ":";
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String ext = rs.getString("external_id");
                        try {
                            out.put(Instant.ofEpochMilli(Long.parseLong(ext.substring(prefix.length()))), rs.getLong("id"));
                        } catch (NumberFormatException | IndexOutOfBoundsException e) {
                            // not an occurrence id of this schedule (cannot be, given the bounds): ignore
                        }
                    }
                }
                return out;
            }
        });
    }

    private static List<Schedule> list(PreparedStatement ps) throws SQLException {
        List<Schedule> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long next = rs.getLong("next_fire_at");
                Instant nextAt = rs.wasNull() ? null : Instant.ofEpochMilli(next);
                long ended = rs.getLong("ended_at");
                Instant endedAt = rs.wasNull() ? null : Instant.ofEpochMilli(ended);
                out.add(new Schedule(rs.getLong("id"), rs.getLong("session_id"), rs.getString("session_key"),
                        rs.getString("session_channel"), rs.getString("kind"), rs.getString("spec"), rs.getString("zone"),
                        rs.getString("prompt"), rs.getString("created_by"), Instant.ofEpochMilli(rs.getLong("created_at")),
                        nextAt, rs.getString("state"), endedAt));
            }
        }
        return out;
    }
}
