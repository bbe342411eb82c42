package io.blufio.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
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
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sessions(key, channel, created_at, updated_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, channel);
            ps.setLong(3, now.toEpochMilli());
            ps.setLong(4, now.toEpochMilli());
            ps.executeUpdate();
        }
        return byKey(c, key).orElseThrow();
    }

    /**
     * Creates the session {@code key} owned by {@code owner} unless it exists, atomically, and returns its
     * owner: {@code owner} for a new session, the recorded owner (null when none) for an existing one.
     */
    public String claim(String key, String channel, String owner, Instant now) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO sessions(key, channel, created_at, updated_at, owner) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(key) DO NOTHING""")) {
                ps.setString(1, key);
                ps.setString(2, channel);
                ps.setLong(3, now.toEpochMilli());
                ps.setLong(4, now.toEpochMilli());
                ps.setString(5, owner);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT owner FROM sessions WHERE key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    /** Returns the device that owns session {@code id}, empty when it has none (Telegram, cli, older sessions) or does not exist. */
    public Optional<String> owner(long id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT owner FROM sessions WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Like {@link #list} but only the sessions owned by {@code owner}. */
    public List<Session> listOwned(String owner, int limit, long before) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM sessions WHERE owner = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?")) {
                ps.setString(1, owner);
                ps.setLong(2, before);
                ps.setLong(3, before);
                ps.setInt(4, limit);
                List<Session> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(map(rs));
                }
                return out;
            }
        });
    }

    /** Marks the session as used at {@code now}. */
    public void touch(Connection c, long id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sessions SET updated_at = ? WHERE id = ?")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** Returns the session with {@code key}, if any. */
    public Optional<Session> byKey(String key) {
        return db.read(c -> byKey(c, key));
    }

    /** Returns the session with {@code id}, if any. */
    public Optional<Session> byId(long id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM sessions WHERE id = ?")) {
                ps.setLong(1, id);
                return one(ps);
            }
        });
    }

    /** Returns sessions, newest first (by id, so {@code before} pages without gaps); {@code before} is an exclusive id bound (0 = none). */
    public List<Session> list(int limit, long before) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM sessions WHERE (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?")) {
                ps.setLong(1, before);
                ps.setLong(2, before);
                ps.setInt(3, limit);
                List<Session> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(map(rs));
                }
                return out;
            }
        });
    }

    /** Returns how many sessions exist. */
    public long count() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM sessions"); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    private static Optional<Session> byKey(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM sessions WHERE key = ?")) {
            ps.setString(1, key);
            return one(ps);
        }
    }

    private static Optional<Session> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(map(rs)) : Optional.empty();
        }
    }

    private static Session map(ResultSet rs) throws SQLException {
        return new Session(rs.getLong("id"), rs.getString("key"), rs.getString("channel"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
