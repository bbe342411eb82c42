package io.blufio.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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
        return (int) Sql.scalarLong(c, "SELECT count(*) FROM schedules WHERE session_id = ? AND state = 'active'", sessionId);
    }

    /** Inserts an active schedule inside the caller's transaction and returns its id. */
    public long insert(Connection c, long sessionId, String kind, String spec, String zone, String prompt, String createdBy,
            Instant createdAt, Instant nextFireAt) throws SQLException {
        return Sql.insert(c, """
                INSERT INTO schedules(session_id, kind, spec, zone, prompt, created_by, created_at, next_fire_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", sessionId, kind, spec, zone, prompt, createdBy, createdAt, nextFireAt);
    }

    /** Returns the schedule with {@code id}, whatever its state. */
    public Optional<Schedule> find(long id) {
        return db.read(c -> Sql.one(c, SELECT + " WHERE sc.id = ?", ScheduleStore::map, id));
    }

    /**
     * Returns schedules by id, at most {@code limit}: of one session ({@code sessionId} not null) or all,
     * active ones only unless {@code withEnded}.
     */
    public List<Schedule> list(Long sessionId, boolean withEnded, int limit) {
        return db.read(c -> Sql.list(c, SELECT + " WHERE (? IS NULL OR sc.session_id = ?)"
                + (withEnded ? "" : " AND sc.state = 'active'") + " ORDER BY sc.id LIMIT ?", ScheduleStore::map, sessionId, sessionId, limit));
    }

    /** Returns active schedules with an occurrence at or before {@code now}, earliest first, at most {@code limit}. */
    public List<Schedule> due(Instant now, int limit) {
        return db.read(c -> Sql.list(c, SELECT + " WHERE sc.state = 'active' AND sc.next_fire_at <= ? ORDER BY sc.next_fire_at, sc.id LIMIT ?",
                ScheduleStore::map, now, limit));
    }

    /** Returns the active schedule that fires next, if any. */
    public Optional<Schedule> next() {
        return db.read(c -> Sql.one(c, SELECT + " WHERE sc.state = 'active' AND sc.next_fire_at IS NOT NULL ORDER BY sc.next_fire_at, sc.id LIMIT 1",
                ScheduleStore::map));
    }

    /** Returns how many schedules are active. */
    public long activeCount() {
        return db.read(c -> Sql.scalarLong(c, "SELECT count(*) FROM schedules WHERE state = 'active'"));
    }

    /**
     * Records one run inside the caller's transaction; a run already recorded for the same occurrence and
     * outcome is left as it is. Returns true when a row was added.
     */
    public boolean recordRun(Connection c, long scheduleId, Instant scheduledAt, Instant firedAt, String outcome, int missed,
            Long inboxId, String note) throws SQLException {
        return Sql.update(c, """
                INSERT INTO schedule_runs(schedule_id, scheduled_at, fired_at, outcome, missed, inbox_id, note)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(schedule_id, scheduled_at, outcome) DO NOTHING""",
                scheduleId, scheduledAt, firedAt, outcome, missed, inboxId, note) == 1;
    }

    /**
     * Moves an active schedule on, inside the caller's transaction, but only if its next occurrence is
     * still {@code expected} (another writer did not move it first). {@code next} null ends it ({@code done}).
     * Returns true when the row was moved.
     */
    public boolean advance(Connection c, long id, Instant expected, Instant next, Instant now) throws SQLException {
        return Sql.update(c, """
                UPDATE schedules SET next_fire_at = ?, state = CASE WHEN ? IS NULL THEN 'done' ELSE state END,
                    ended_at = CASE WHEN ? IS NULL THEN ? ELSE ended_at END
                WHERE id = ? AND state = 'active' AND next_fire_at = ?""", next, next, next, now, id, expected) == 1;
    }

    /**
     * Cancels an active schedule; with {@code sessionId} not null only one of that session. Returns true
     * when it was active and is now cancelled.
     */
    public boolean cancel(long id, Long sessionId, Instant now) {
        return db.write(c -> Sql.update(c, """
                UPDATE schedules SET state = 'cancelled', next_fire_at = NULL, ended_at = ?
                WHERE id = ? AND state = 'active' AND (? IS NULL OR session_id = ?)""", now, id, sessionId, sessionId) == 1);
    }

    /** Returns the newest runs of a schedule, newest first, at most {@code limit}, with the state of their turns. */
    public List<ScheduleRun> runs(long scheduleId, int limit) {
        return db.read(c -> Sql.list(c, """
                SELECT r.*, i.state AS turn_state FROM schedule_runs r LEFT JOIN inbox i ON i.id = r.inbox_id
                WHERE r.schedule_id = ? ORDER BY r.scheduled_at DESC, r.id DESC LIMIT ?""",
                rs -> new ScheduleRun(rs.getLong("id"), scheduleId, Sql.instant(rs, "scheduled_at"), Sql.instant(rs, "fired_at"),
                        rs.getString("outcome"), rs.getInt("missed"), Sql.longOrNull(rs, "inbox_id"), rs.getString("note"),
                        rs.getString("turn_state")),
                scheduleId, limit));
    }

    /**
     * Returns the inbox row a channel accepted under {@code externalId}, if any: an occurrence queued just
     * before a crash is found here, so it is recorded instead of being queued or skipped again.
     */
    public Optional<Long> inboxIdFor(String channel, String externalId) {
        return db.read(c -> Sql.one(c, "SELECT id FROM inbox WHERE channel = ? AND external_id = ?", rs -> rs.getLong(1), channel, externalId));
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
            java.util.Map<Instant, Long> out = new java.util.TreeMap<>();
            String prefix = "schedule:" + id + ":";
            Sql.forEach(c, "SELECT id, external_id FROM inbox WHERE channel = ? AND external_id BETWEEN ? AND ?", rs -> {
                String ext = rs.getString("external_id");
                try {
                    out.put(Instant.ofEpochMilli(Long.parseLong(ext.substring(prefix.length()))), rs.getLong("id"));
                } catch (NumberFormatException | IndexOutOfBoundsException e) {
                    // not an occurrence id of this schedule (cannot be, given the bounds): ignore
                }
            }, channel, externalId(id, from), externalId(id, to));
            return out;
        });
    }

    private static Schedule map(ResultSet rs) throws SQLException {
        return new Schedule(rs.getLong("id"), rs.getLong("session_id"), rs.getString("session_key"), rs.getString("session_channel"),
                rs.getString("kind"), rs.getString("spec"), rs.getString("zone"), rs.getString("prompt"), rs.getString("created_by"),
                Sql.instant(rs, "created_at"), Sql.instantOrNull(rs, "next_fire_at"), rs.getString("state"), Sql.instantOrNull(rs, "ended_at"));
    }
}
