package io.blufio.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code nonces} table: nonces of verified signed requests with their expiry, so that replay
 * protection survives a restart (SPEC section 6). Each insert is committed durably before the request it
 * belongs to is served, and prunes the rows that expired.
 */
public final class NonceStore {
    /** A remembered nonce. @param expiresAt when it may be forgotten */
    public record Entry(String keyId, String nonce, Instant expiresAt) {}

    private final Database db;

    public NonceStore(Database db) {
        this.db = db;
    }

    /**
     * Records {@code nonce} of {@code keyId} until {@code expiresAt} and deletes every row expired at {@code now}.
     *
     * @return true when the nonce was new; false when a live row already held it (a replay)
     */
    public boolean record(String keyId, String nonce, Instant now, Instant expiresAt) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM nonces WHERE expires_at <= ?")) {
                ps.setLong(1, now.toEpochMilli());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO nonces(key_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT(key_id, nonce) DO NOTHING")) {
                ps.setString(1, keyId);
                ps.setString(2, nonce);
                ps.setLong(3, expiresAt.toEpochMilli());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Returns up to {@code limit} nonces still live at {@code now}, soonest to expire first. */
    public List<Entry> live(Instant now, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT key_id, nonce, expires_at FROM nonces WHERE expires_at > ? ORDER BY expires_at LIMIT ?")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setInt(2, limit);
                List<Entry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new Entry(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
                }
                return out;
            }
        });
    }
}
