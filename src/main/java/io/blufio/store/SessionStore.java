package io.blufio.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Sessions table. */
public final class SessionStore {
    private final Database db;

    public SessionStore(Database db) {
        this.db = db;
    }

    /** Returns the session with {@code key}, creating it inside the caller's write transaction. */
    public Session getOrCreate(Connection c, String key, String channel, Instant now) throws SQLException {
        Optional<Session> s = byKey(c, key);
        if (s.isPresent()) return s.get();
        Sql.update(c, "INSERT INTO sessions(key, channel, created_at, updated_at) VALUES (?, ?, ?, ?)", key, channel, now, now);
        return byKey(c, key).orElseThrow();
    }

    /**
     * Creates the session {@code key} owned by {@code owner} unless it exists, atomically, and returns its
     * owner: {@code owner} for a new session, the recorded owner (null when none) for an existing one.
     */
    public String claim(String key, String channel, String owner, Instant now) {
        return db.write(c -> {
            Sql.update(c, """
                    INSERT INTO sessions(key, channel, created_at, updated_at, owner) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(key) DO NOTHING""", key, channel, now, now, owner);
            return Sql.scalarString(c, "SELECT owner FROM sessions WHERE key = ?", key).orElse(null);
        });
    }

    /** Returns the device that owns session {@code id}, empty when it has none (Telegram, cli, older sessions) or does not exist. */
    public Optional<String> owner(long id) {
        return db.read(c -> Sql.scalarString(c, "SELECT owner FROM sessions WHERE id = ?", id));
    }

    /** Like {@link #list} but only the sessions owned by {@code owner}. */
    public List<Session> listOwned(String owner, int limit, long before) {
        return db.read(c -> Sql.list(c, "SELECT * FROM sessions WHERE owner = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?",
                SessionStore::map, owner, before, before, limit));
    }

    /** Marks the session as used at {@code now}. */
    public void touch(Connection c, long id, Instant now) throws SQLException {
        Sql.update(c, "UPDATE sessions SET updated_at = ? WHERE id = ?", now, id);
    }

    /** Returns the session with {@code key}, if any. */
    public Optional<Session> byKey(String key) {
        return db.read(c -> byKey(c, key));
    }

    /** Returns the session with {@code id}, if any. */
    public Optional<Session> byId(long id) {
        return db.read(c -> Sql.one(c, "SELECT * FROM sessions WHERE id = ?", SessionStore::map, id));
    }

    /** Returns sessions, newest first (by id, so {@code before} pages without gaps); {@code before} is an exclusive id bound (0 = none). */
    public List<Session> list(int limit, long before) {
        return db.read(c -> Sql.list(c, "SELECT * FROM sessions WHERE (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?",
                SessionStore::map, before, before, limit));
    }

    /** Returns how many sessions exist. */
    public long count() {
        return db.read(c -> Sql.scalarLong(c, "SELECT count(*) FROM sessions"));
    }

    private static Optional<Session> byKey(Connection c, String key) throws SQLException {
        return Sql.one(c, "SELECT * FROM sessions WHERE key = ?", SessionStore::map, key);
    }

    private static Session map(ResultSet rs) throws SQLException {
        return new Session(rs.getLong("id"), rs.getString("key"), rs.getString("channel"), Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"));
    }
}
