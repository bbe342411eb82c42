package io.blufio.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pictures and voice notes (tables {@code media} and {@code inbox_media}, schema 11): each stored once by
 * the SHA-256 of its bytes, attached to the inbox row that brought it. Rows live in the database, so
 * {@code backup} and {@code restore} carry them with everything else.
 */
public final class MediaStore {
    private final Database db;

    public MediaStore(Database db) {
        this.db = db;
    }

    /**
     * Stores {@code media} (unless a row with its hash exists) and attaches it to inbox row {@code inboxId}
     * at {@code position}, inside the caller's write transaction.
     */
    public void attach(Connection c, long inboxId, int position, Media media, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO media(sha256, kind, mime, bytes, width, height, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(sha256) DO NOTHING""")) {
            ps.setString(1, media.sha256());
            ps.setString(2, media.kind());
            ps.setString(3, media.mime());
            ps.setLong(4, media.data().length);
            ps.setInt(5, media.width());
            ps.setInt(6, media.height());
            ps.setBytes(7, media.data());
            ps.setLong(8, now.toEpochMilli());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO inbox_media(inbox_id, position, sha256) VALUES (?, ?, ?)")) {
            ps.setLong(1, inboxId);
            ps.setInt(2, position);
            ps.setString(3, media.sha256());
            ps.executeUpdate();
        }
    }

    /** Returns the media of inbox row {@code inboxId} in order, with their bytes. */
    public List<Media> ofInbox(long inboxId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT m.sha256, m.kind, m.mime, m.width, m.height, m.data FROM inbox_media i JOIN media m ON m.sha256 = i.sha256
                    WHERE i.inbox_id = ? ORDER BY i.position""")) {
                ps.setLong(1, inboxId);
                List<Media> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(row(rs, true));
                }
                return out;
            }
        });
    }

    /** Returns the medium stored under {@code sha256}, with its bytes, or empty. */
    public Optional<Media> get(String sha256) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT sha256, kind, mime, width, height, data FROM media WHERE sha256 = ?")) {
                ps.setString(1, sha256);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs, true)) : Optional.empty();
                }
            }
        });
    }

    /** Returns how many media rows are stored and their total size in bytes. */
    public long[] totals() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*), coalesce(sum(bytes), 0) FROM media");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        });
    }

    private static Media row(ResultSet rs, boolean withData) throws SQLException {
        return new Media(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                withData ? rs.getBytes(6) : new byte[0]);
    }
}
