package io.blufio.store;

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
        return db.read(c -> Sql.scalarString(c, "SELECT value FROM channel_state WHERE channel = ? AND key = ?", channel, key));
    }

    /** Sets {@code key} of {@code channel} to {@code value}; durable when this returns. */
    public void put(String channel, String key, String value, Instant now) {
        db.write(c -> Sql.update(c, """
                INSERT INTO channel_state(channel, key, value, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(channel, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at""",
                channel, key, value, now));
    }

    /** Removes {@code key} of {@code channel}; returns true when it was set. */
    public boolean delete(String channel, String key) {
        return db.write(c -> Sql.update(c, "DELETE FROM channel_state WHERE channel = ? AND key = ?", channel, key) == 1);
    }
}
