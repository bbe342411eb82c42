package io.blufio.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The vault's rows (tables {@code vault_master} and {@code vault_entries}, migration V2). Bytes only:
 * this class neither encrypts nor decrypts; package {@code vault} does. Living in the database, the vault
 * travels with every backup.
 */
public final class VaultStore {
    private final Database db;

    public VaultStore(Database db) {
        this.db = db;
    }

    /**
     * The single master-key row.
     *
     * @param format layout version of the row (1)
     * @param kdf key derivation function name ({@code argon2id})
     * @param memoryKib Argon2 memory cost in KiB
     * @param iterations Argon2 passes
     * @param parallelism Argon2 lanes
     * @param salt random salt of the derivation
     * @param nonce GCM nonce of the wrapping
     * @param wrappedKey the master key encrypted under the derived key, GCM tag appended
     * @param keyCheck HMAC of a fixed label under the derived key
     */
    public record Master(int format, String kdf, int memoryKib, int iterations, int parallelism, byte[] salt,
            byte[] nonce, byte[] wrappedKey, byte[] keyCheck) {}

    /**
     * One encrypted entry.
     *
     * @param name entry name, the GCM associated data
     * @param nameTag HMAC of the name under a key derived from the master key
     * @param nonce GCM nonce, fresh on every write
     * @param ciphertext the UTF-8 value encrypted, GCM tag appended
     */
    public record Entry(String name, byte[] nameTag, byte[] nonce, byte[] ciphertext) {}

    /** Returns the master row, empty when no vault was created in this database. */
    public Optional<Master> master() {
        return db.read(c -> Sql.one(c, "SELECT * FROM vault_master WHERE id = 1",
                rs -> new Master(rs.getInt("format"), rs.getString("kdf"), rs.getInt("kdf_memory_kib"), rs.getInt("kdf_iterations"),
                        rs.getInt("kdf_parallelism"), rs.getBytes("salt"), rs.getBytes("nonce"), rs.getBytes("wrapped_key"),
                        rs.getBytes("key_check"))));
    }

    /**
     * Stores the master row: inserts it, or with {@code replace} overwrites the existing one (a passphrase
     * change). Returns false when {@code replace} is false and a vault already exists.
     */
    public boolean saveMaster(Master m, boolean replace, Instant now) {
        return db.write(c -> {
            String sql = "INSERT INTO vault_master(id, format, kdf, kdf_memory_kib, kdf_iterations, kdf_parallelism, salt,"
                    + " nonce, wrapped_key, key_check, created_at, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + (replace ? " ON CONFLICT(id) DO UPDATE SET format = excluded.format, kdf = excluded.kdf,"
                            + " kdf_memory_kib = excluded.kdf_memory_kib, kdf_iterations = excluded.kdf_iterations,"
                            + " kdf_parallelism = excluded.kdf_parallelism, salt = excluded.salt, nonce = excluded.nonce,"
                            + " wrapped_key = excluded.wrapped_key, key_check = excluded.key_check,"
                            + " updated_at = excluded.updated_at"
                            : " ON CONFLICT(id) DO NOTHING");
            return Sql.update(c, sql, m.format(), m.kdf(), m.memoryKib(), m.iterations(), m.parallelism(), m.salt(), m.nonce(),
                    m.wrappedKey(), m.keyCheck(), now, now) == 1;
        });
    }

    /** Inserts or replaces the entry named {@code e.name()}. */
    public void putEntry(Entry e, Instant now) {
        db.write(c -> Sql.update(c, "INSERT INTO vault_entries(name, name_tag, nonce, ciphertext,"
                + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET"
                + " name_tag = excluded.name_tag, nonce = excluded.nonce, ciphertext = excluded.ciphertext,"
                + " updated_at = excluded.updated_at", e.name(), e.nameTag(), e.nonce(), e.ciphertext(), now, now));
    }

    /** Returns the entry named {@code name}, if any. */
    public Optional<Entry> entry(String name) {
        return db.read(c -> Sql.one(c, "SELECT * FROM vault_entries WHERE name = ?", VaultStore::map, name));
    }

    /** Returns every entry, by name. */
    public List<Entry> entries() {
        return db.read(c -> Sql.list(c, "SELECT * FROM vault_entries ORDER BY name", VaultStore::map));
    }

    private static Entry map(ResultSet rs) throws SQLException {
        return new Entry(rs.getString("name"), rs.getBytes("name_tag"), rs.getBytes("nonce"), rs.getBytes("ciphertext"));
    }
}
