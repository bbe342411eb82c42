package io.blufio.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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
        Sql.update(c, """
                INSERT INTO media(sha256, kind, mime, bytes, width, height, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(sha256) DO NOTHING""",
                media.sha256(), media.kind(), media.mime(), (long) media.data().length, media.width(), media.height(), media.data(), now);
        Sql.update(c, "INSERT INTO inbox_media(inbox_id, position, sha256) VALUES (?, ?, ?)", inboxId, position, media.sha256());
    }

    /** Returns the media of inbox row {@code inboxId} in order, with their bytes. */
    public List<Media> ofInbox(long inboxId) {
        return db.read(c -> Sql.list(c, """
                SELECT m.sha256, m.kind, m.mime, m.width, m.height, m.data FROM inbox_media i JOIN media m ON m.sha256 = i.sha256
                WHERE i.inbox_id = ? ORDER BY i.position""", MediaStore::row, inboxId));
    }

    /** Returns the medium stored under {@code sha256}, with its bytes, or empty. */
    public Optional<Media> get(String sha256) {
        return db.read(c -> Sql.one(c, "SELECT sha256, kind, mime, width, height, data FROM media WHERE sha256 = ?", MediaStore::row, sha256));
    }

    /** Returns how many media rows are stored and their total size in bytes. */
    public long[] totals() {
        return db.read(c -> Sql.one(c, "SELECT count(*), coalesce(sum(bytes), 0) FROM media",
                rs -> new long[] {rs.getLong(1), rs.getLong(2)}).orElseThrow());
    }

    private static Media row(ResultSet rs) throws SQLException {
        return new Media(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5), rs.getBytes(6));
    }
}
