package io.blufio.memory;

import io.blufio.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code memories} table and its FTS5 index {@code memories_fts} (schema V4). */
final class MemoryStore {
    /** Embeddings read per query while scanning: 512 rows of 1536 bytes, about 0.8 MB at a time. */
    static final int SCAN_BATCH = 512;

    /** Receives one stored embedding during {@link #scan}. */
    @FunctionalInterface
    interface EmbeddingSink {
        void accept(long id, byte[] embedding);
    }

    private final Database db;

    MemoryStore(Database db) {
        this.db = db;
    }

    Memory insert(String text, float[] embedding, String source, Instant now) {
        long id = db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO memories(text, embedding, source, created_at) VALUES (?, ?, ?, ?) RETURNING id")) {
                ps.setString(1, text);
                ps.setBytes(2, Vectors.toBytes(embedding));
                ps.setString(3, source);
                ps.setLong(4, now.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        return new Memory(id, text, source, Instant.ofEpochMilli(now.toEpochMilli()), "active");
    }

    boolean delete(long id) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM memories WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Returns up to {@code limit} facts, newest first. */
    List<Memory> list(int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, text, source, created_at, status FROM memories ORDER BY id DESC LIMIT ?")) {
                ps.setInt(1, limit);
                List<Memory> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(memory(rs));
                }
                return out;
            }
        });
    }

    Optional<Memory> find(long id) {
        return Optional.ofNullable(load(List.of(id)).get(id));
    }

    /** Returns the facts with these ids (missing ids are left out). */
    Map<Long, Memory> load(List<Long> ids) {
        if (ids.isEmpty()) return Map.of();
        String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, text, source, created_at, status FROM memories WHERE id IN (" + marks + ")")) {
                for (int i = 0; i < ids.size(); i++) ps.setLong(i + 1, ids.get(i));
                Map<Long, Memory> out = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getLong("id"), memory(rs));
                }
                return out;
            }
        });
    }

    /**
     * Returns the ids of facts matching the FTS5 {@code query}, best BM25 rank first, archived ones included
     * (the caller drops them). The FTS table is queried alone: joined with {@code memories}, SQLite ranked
     * every match before the LIMIT (measured: 1.5 s instead of 4 ms over 10,000 facts).
     */
    List<Long> keywordSearch(String query, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT rowid FROM memories_fts WHERE memories_fts MATCH ? ORDER BY rank LIMIT ?")) {
                ps.setString(1, query);
                ps.setInt(2, limit);
                List<Long> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getLong(1));
                }
                return out;
            }
        });
    }

    /**
     * Streams the embeddings of active facts (or of {@code onlyIds} when not null) to {@code sink},
     * {@link #SCAN_BATCH} rows per read, so at most one batch is on the heap at a time.
     */
    void scan(List<Long> onlyIds, EmbeddingSink sink) {
        if (onlyIds != null) {
            for (Long id : onlyIds) {
                db.read(c -> {
                    try (PreparedStatement ps = c.prepareStatement("SELECT embedding FROM memories WHERE id = ?")) {
                        ps.setLong(1, id);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) sink.accept(id, rs.getBytes(1));
                        }
                    }
                    return null;
                });
            }
            return;
        }
        long after = 0;
        while (true) {
            long from = after;
            long last = db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id, embedding FROM memories WHERE status = 'active' AND id > ? ORDER BY id LIMIT ?")) {
                    ps.setLong(1, from);
                    ps.setInt(2, SCAN_BATCH);
                    long max = -1;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            max = rs.getLong(1);
                            sink.accept(max, rs.getBytes(2));
                        }
                    }
                    return max;
                }
            });
            if (last < 0) return;
            after = last;
        }
    }

    private static Memory memory(ResultSet rs) throws SQLException {
        return new Memory(rs.getLong("id"), rs.getString("text"), rs.getString("source"),
                Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("status"));
    }
}
