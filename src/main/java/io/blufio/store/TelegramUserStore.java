package io.blufio.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The tables {@code telegram_users} (users approved by pairing) and {@code telegram_pairing} (codes
 * handed to strangers). Read by the running daemon on every message, written by the CLI, so an approval
 * takes effect without a restart.
 */
public final class TelegramUserStore {
    /**
     * Most open (not approved) pairing codes kept: 100. Issuing one more deletes the oldest open codes, so
     * a flood of strangers cannot grow the table; their users can ask again (one code an hour each).
     */
    public static final int MAX_OPEN_CODES = 100;
    private final Database db;

    public TelegramUserStore(Database db) {
        this.db = db;
    }

    /** Returns true when {@code userId} was approved by pairing. */
    public boolean isPaired(long userId) {
        return db.read(c -> Sql.exists(c, "SELECT 1 FROM telegram_users WHERE user_id = ?", userId));
    }

    /**
     * Hands {@code userId} a new pairing code unless one was handed out after {@code notBefore}; an older
     * open code of the user is replaced, and beyond {@link #MAX_OPEN_CODES} the oldest open codes are dropped.
     * Atomic, so two messages at once still get one code.
     *
     * @return the new code, or empty when the user got one after {@code notBefore} (rate limit)
     */
    public Optional<String> issueCode(long userId, String username, String displayName, String code, Instant now, Instant notBefore) {
        return db.write(c -> {
            if (Sql.exists(c, "SELECT 1 FROM telegram_pairing WHERE user_id = ? AND created_at > ? AND approved_at IS NULL", userId, notBefore)) {
                return Optional.<String>empty();
            }
            Sql.update(c, "DELETE FROM telegram_pairing WHERE user_id = ? AND approved_at IS NULL", userId);
            Sql.update(c, "INSERT INTO telegram_pairing(code, user_id, username, display_name, created_at) VALUES (?, ?, ?, ?, ?)",
                    code, userId, username, displayName, now);
            Sql.update(c, """
                    DELETE FROM telegram_pairing WHERE approved_at IS NULL AND code NOT IN (
                        SELECT code FROM telegram_pairing WHERE approved_at IS NULL ORDER BY created_at DESC, code DESC LIMIT ?)""",
                    MAX_OPEN_CODES);
            return Optional.of(code);
        });
    }

    /** Returns the open (not yet approved) pairing requests, oldest first. */
    public List<PairingRequest> pending() {
        return db.read(c -> Sql.list(c, "SELECT * FROM telegram_pairing WHERE approved_at IS NULL ORDER BY created_at, code", TelegramUserStore::map));
    }

    /**
     * Approves the open request with {@code code} (case-insensitive) and adds its user.
     *
     * @return the approved request, or empty when no open request has that code
     */
    public Optional<PairingRequest> approve(String code, Instant now) {
        return db.write(c -> {
            Optional<PairingRequest> req = Sql.one(c, "SELECT * FROM telegram_pairing WHERE code = ?", TelegramUserStore::map,
                    code.strip().toUpperCase(java.util.Locale.ROOT));
            if (req.isEmpty() || req.get().approvedAt() != null) return Optional.<PairingRequest>empty();
            PairingRequest r = req.get();
            Sql.update(c, "UPDATE telegram_pairing SET approved_at = ? WHERE code = ?", now, r.code());
            Sql.update(c, """
                    INSERT INTO telegram_users(user_id, username, approved_at) VALUES (?, ?, ?)
                    ON CONFLICT(user_id) DO UPDATE SET username = excluded.username""", r.userId(), r.username(), now);
            return Optional.of(new PairingRequest(r.code(), r.userId(), r.username(), r.displayName(), r.createdAt(), now));
        });
    }

    private static PairingRequest map(ResultSet rs) throws SQLException {
        return new PairingRequest(rs.getString("code"), rs.getLong("user_id"), rs.getString("username"), rs.getString("display_name"),
                Sql.instant(rs, "created_at"), Sql.instantOrNull(rs, "approved_at"));
    }
}
