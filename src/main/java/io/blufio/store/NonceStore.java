package io.blufio.store;

import java.time.Instant;
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
            Sql.update(c, "DELETE FROM nonces WHERE expires_at <= ?", now);
            return Sql.update(c, "INSERT INTO nonces(key_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT(key_id, nonce) DO NOTHING",
                    keyId, nonce, expiresAt) == 1;
        });
    }

    /** Returns up to {@code limit} nonces still live at {@code now}, soonest to expire first. */
    public List<Entry> live(Instant now, int limit) {
        return db.read(c -> Sql.list(c, "SELECT key_id, nonce, expires_at FROM nonces WHERE expires_at > ? ORDER BY expires_at LIMIT ?",
                rs -> new Entry(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))), now, limit));
    }
}
