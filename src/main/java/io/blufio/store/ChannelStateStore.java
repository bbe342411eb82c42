package io.blufio.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** The {@code channel_state} table: small durable values per channel, such as Telegram's update offset. */
public final class ChannelStateStore {
    private final Database db;

    public ChannelStateStore(Database db) {
        this.db = db;
    }

    /** Returns the value of {@code key} for {@code channel}, if set. */
    public Optional<String> get(String channel, String key) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM channel_state WHERE channel = ? AND key = ?")) {
                ps.setString(1, channel);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Sets {@code key} of {@code channel} to {@code value}; durable when this returns. */
    public void put(String channel, String key, String value, Instant now) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO channel_state(channel, key, value, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT(channel, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at""")) {
                ps.setString(1, channel);
                ps.setString(2, key);
                ps.setString(3, value);
                ps.setLong(4, now.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    /** Removes {@code key} of {@code channel}; returns true when it was set. */
    public boolean delete(String channel, String key) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM channel_state WHERE channel = ? AND key = ?")) {
                ps.setString(1, channel);
                ps.setString(2, key);
                return ps.executeUpdate() == 1;
            }
        });
    }
}
