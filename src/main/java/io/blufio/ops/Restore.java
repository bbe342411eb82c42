package io.blufio.ops;

import io.blufio.ErrorCode;
import io.blufio.BlufioException;
import io.blufio.auth.DeviceRegistry;
import io.blufio.store.Device;
import io.blufio.store.DeviceStore;
import io.blufio.store.DataDir;
import io.blufio.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * {@code blufio restore PATH}: replaces the data dir's database with a backup, never without a way back.
 *
 * <ol>
 *   <li>Verify the backup before touching anything ({@link SqliteFile#verify}: header, integrity, tables,
 *       schema version not newer than this build).</li>
 *   <li>Take the data dir's lock, so no daemon runs now or starts meanwhile (held: exit 75 naming the pid).</li>
 *   <li>Copy the backup next to the database ({@code blufio.db.restoring}) and fsync it.</li>
 *   <li>Keep the current database as {@code blufio.db.pre-restore-<UTC timestamp>}: its WAL is checkpointed
 *       first, then the file is hard-linked (copied where links fail) under that name.</li>
 *   <li>Rename the copy over {@code blufio.db} (atomic: the name always points at a whole database) and fsync
 *       the directory.</li>
 *   <li>Open the result as the daemon would (migrating an older schema) and run {@code integrity_check};
 *       on any failure put the previous database back.</li>
 *   <li>Make the local {@code cli} device match this data dir's {@code devices/cli.key}
 *       ({@link DeviceRegistry#reconcileLocal()}): a backup restored on a new server has the old server's
 *       {@code cli} public key but not its private key file, so the device is re-keyed and the operator is
 *       never locked out. Every other device is kept as it was.</li>
 * </ol>
 */
public final class Restore {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * What was restored.
     *
     * @param database the restored database file
     * @param safetyCopy the previous database, or null when there was none
     * @param bytes size of the restored file in bytes
     * @param took wall time
     * @param schemaVersion the backup's schema version (before any migration)
     * @param devices what happened to each device, the local {@code cli} device first
     */
    public record Result(Path database, Path safetyCopy, long bytes, Duration took, int schemaVersion, List<DeviceNote> devices) {}

    /**
     * What restore did to one device.
     *
     * @param name the device name
     * @param action for {@code cli}: {@code unchanged}, {@code created}, {@code registered_file}, {@code rekeyed},
     *     {@code revoked}, {@code key_unusable} or {@code failed}; for the others {@code kept} or {@code revoked}
     * @param detail one sentence for the operator
     */
    public record DeviceNote(String name, String action, String detail) {}

    private Restore() {}

    /**
     * Restores {@code backup} into {@code dataDir}.
     *
     * @throws BlufioException {@code backup_invalid} (nothing touched), {@code data_dir_locked} (a daemon runs;
     *     nothing touched), {@code restore_failed} (the previous database is back in place)
     */
    public static Result run(DataDir dataDir, Path backup, Clock clock, LongSupplier nanos) {
        long started = nanos.getAsLong();
        int version = SqliteFile.verify(backup, Database.schemaVersion());
        dataDir.create();
        try (DataDir.ProcessLock lock = dataDir.lock(DataDir.RESTORE)) {
            Path db = dataDir.database();
            Path staged = db.resolveSibling(db.getFileName() + ".restoring");
            Path safety = db.resolveSibling(db.getFileName() + ".pre-restore-" + STAMP.format(clock.instant()));
            boolean hadDb = Files.exists(db);
            try {
                Files.copy(backup, staged, StandardCopyOption.REPLACE_EXISTING);
                private0600(staged);  // conversations and the vault: readable by the service user only
                SqliteFile.fsync(staged);
                if (hadDb) keep(db, safety);
                Files.move(staged, db, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                SqliteFile.fsyncDir(db.getParent());
            } catch (IOException | SQLException e) {
                Files.deleteIfExists(staged);
                throw new BlufioException(ErrorCode.RESTORE_FAILED, "restore failed before the swap (" + e.getMessage()
                        + "); the current database is unchanged" + (hadDb ? " and also kept as " + safety : ""), e);
            }
            try {
                check(db);
            } catch (RuntimeException e) {
                rollBack(db, hadDb ? safety : null);
                throw new BlufioException(ErrorCode.RESTORE_FAILED, "the restored database does not open cleanly (" + e.getMessage()
                        + "); the previous database is back in place", e);
            }
            List<DeviceNote> devices = devices(dataDir, clock);
            return new Result(db, hadDb ? safety : null, Files.size(db), Duration.ofNanos(nanos.getAsLong() - started), version, devices);
        } catch (IOException e) {
            throw new BlufioException(ErrorCode.RESTORE_FAILED, "restore failed: " + e.getMessage(), e);
        }
    }

    /** Folds the WAL into {@code db}, then gives the file the safety name too (hard link, or a copy). */
    private static void keep(Path db, Path safety) throws IOException, SQLException {
        try (Connection c = SqliteFile.open(db, false); Statement st = c.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        try {
            Files.createLink(safety, db);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(db, safety, StandardCopyOption.COPY_ATTRIBUTES);
        }
        private0600(safety);
        SqliteFile.fsync(safety);
        for (String side : List.of("-wal", "-shm")) Files.deleteIfExists(db.resolveSibling(db.getFileName() + side));
    }

    /** Re-keys the local device if needed and describes every device; a failure here never undoes the restore. */
    static List<DeviceNote> devices(DataDir dataDir, Clock clock) {
        List<DeviceNote> notes = new ArrayList<>();
        try (Database opened = Database.open(dataDir.database())) {
            DeviceStore store = new DeviceStore(opened);
            try {
                DeviceRegistry.LocalDevice local = new DeviceRegistry(store, dataDir, clock).reconcileLocal();
                notes.add(new DeviceNote(DeviceRegistry.LOCAL_DEVICE, local.outcome().name().toLowerCase(Locale.ROOT), local.message()));
            } catch (RuntimeException e) {
                notes.add(new DeviceNote(DeviceRegistry.LOCAL_DEVICE, "failed", "could not check the local key (" + e.getMessage()
                        + "); serve tries again at start"));
            }
            for (Device d : store.list()) {
                if (d.name().equals(DeviceRegistry.LOCAL_DEVICE)) continue;
                notes.add(d.active() ? new DeviceNote(d.name(), "kept", "still allowed: its public key came with the backup,"
                        + " its private key is on that device" + (Files.exists(dataDir.deviceKey(d.name())) ? " (and in this data dir)" : ""))
                        : new DeviceNote(d.name(), "revoked", "revoked at " + d.revokedAt() + ", as in the backup"));
            }
        }
        return notes;
    }

    private static void private0600(Path file) throws IOException {
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    private static void check(Path db) {
        try (Database opened = Database.open(db)) {
            List<String> problems = opened.read(SqliteFile::integrityProblems);
            if (!problems.isEmpty()) throw new IllegalStateException("integrity_check: " + String.join("; ", problems));
        }
    }

    private static void rollBack(Path db, Path safety) {
        try {
            for (String side : List.of("-wal", "-shm")) Files.deleteIfExists(db.resolveSibling(db.getFileName() + side));
            if (safety != null) {
                Files.copy(safety, db.resolveSibling(db.getFileName() + ".rollback"), StandardCopyOption.REPLACE_EXISTING);
                Files.move(db.resolveSibling(db.getFileName() + ".rollback"), db, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(db);
            }
            SqliteFile.fsyncDir(db.getParent());
        } catch (IOException e) {
            throw new BlufioException(ErrorCode.RESTORE_FAILED, "restore failed and so did the roll-back (" + e.getMessage()
                    + "); the previous database is safe as " + safety + ": copy it to " + db + " by hand", e);
        }
    }
}
