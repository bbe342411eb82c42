package io.blufio.ops.doctor;

import io.blufio.ops.SqliteFile;
import io.blufio.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

/**
 * The data dir and the database: writable dir, schema version, and with {@code --deep} {@code PRAGMA
 * integrity_check} (https://www.sqlite.org/pragma.html#pragma_integrity_check) and free disk against the
 * database size (a backup or VACUUM needs about the database's size again).
 */
final class StoreChecks {
    /** Time limit of the full integrity check: it reads every page (about 1 s per 100 MB here). */
    static final Duration INTEGRITY_TIMEOUT = Duration.ofSeconds(120);
    /** Free space wanted beyond twice the database, in bytes (64 MiB). */
    static final long DISK_MARGIN_BYTES = 64L << 20;
    static final String RESTORE_FIX = "stop the daemon and restore the newest good backup: blufio restore PATH (the current file is kept as blufio.db.pre-restore-...)";

    private StoreChecks() {}

    static Check dataDir(DoctorContext ctx) {
        return new Check("data dir", ctx.limits().check(), "the file system does not answer: check the disk", () -> {
            Path root = ctx.dataDir().root();
            if (!Files.isDirectory(root)) {
                return CheckResult.warn("data dir", root + " does not exist yet", "start the daemon once (blufio serve) or pass --data-dir");
            }
            try {
                io.blufio.store.Ownership.check(root);  // before the probe: never leave a file of the wrong owner
            } catch (io.blufio.store.StoreException e) {
                return CheckResult.fail("data dir", e.getMessage(), fixOf(e.getMessage()));
            }
            Path probe = root.resolve(".doctor-probe-" + ProcessHandle.current().pid());
            try {
                Files.writeString(probe, "probe");
                Files.delete(probe);
            } catch (IOException e) {
                return CheckResult.fail("data dir", root + " is not writable: " + e.getMessage(), "chown it to the user that runs blufio (chown -R blufio: " + root + ")");
            }
            return CheckResult.ok("data dir", root + " is writable");
        });
    }

    /** Returns the fix sentence of an ownership message ("Fix: chown ..." or "Run it as that user: ..."). */
    static String fixOf(String message) {
        int i = message.indexOf("Fix: ");
        if (i >= 0) return message.substring(i + 5);
        i = message.indexOf("Run it as that user: ");
        return i >= 0 ? message.substring(i) : "chown -R the data dir to the user that runs blufio";
    }

    /** {@code --deep}: every entry of the data dir, {@code devices/} and {@code workspace/} belongs to the data dir's owner. */
    static Check ownership(DoctorContext ctx) {
        return new Check("ownership", ctx.limits().vault(), "the file system does not answer: check the disk", () -> {
            Path root = ctx.dataDir().root();
            if (!Files.isDirectory(root)) return CheckResult.skip("ownership", root + " does not exist yet");
            int owner = io.blufio.store.Ownership.ownerUid(root);
            String name = io.blufio.store.Ownership.ownerName(root);
            java.util.List<Path> foreign = io.blufio.store.Ownership.foreignFiles(root, owner, true);
            if (foreign.isEmpty()) return CheckResult.ok("ownership", "every file in " + root + " belongs to " + name + " (uid " + owner + ")");
            java.util.List<String> shown = new java.util.ArrayList<>();
            for (Path p : foreign.subList(0, Math.min(3, foreign.size()))) shown.add(p + " (" + io.blufio.store.Ownership.ownerName(p) + ")");
            return CheckResult.fail("ownership", foreign.size() + " file(s) not owned by " + name + " (uid " + owner + "), so blufio cannot write them: "
                    + String.join(", ", shown) + (foreign.size() > 3 ? ", ..." : ""), "chown -R " + name + ": " + root);
        });
    }

    static Check database(DoctorContext ctx) {
        return new Check("database", ctx.limits().check(), "the database is locked or slow: see `blufio status`", () -> {
            Path db = ctx.dataDir().database();
            if (!Files.exists(db)) return CheckResult.warn("database", "no database yet at " + db, "start the daemon once: blufio serve");
            int latest = Database.schemaVersion();
            try (Connection c = SqliteFile.open(db, true)) {
                int v = SqliteFile.userVersion(c);
                if (v > latest) {
                    return CheckResult.fail("database", "schema version " + v + " is newer than this blufio's " + latest, "upgrade blufio, or restore a backup made by this version");
                }
                if (v < latest) {
                    return CheckResult.warn("database", "schema version " + v + "; this blufio migrates it to " + latest + " at the next start",
                            "back it up first (blufio backup PATH), then restart the daemon");
                }
                return CheckResult.ok("database", db.getFileName() + " opens; schema version " + v + " is current");
            }
        });
    }

    static Check integrity(DoctorContext ctx) {
        return new Check("integrity", INTEGRITY_TIMEOUT, RESTORE_FIX, () -> {
            Path db = ctx.dataDir().database();
            if (!Files.exists(db)) return CheckResult.skip("integrity", "no database yet");
            try (Connection c = SqliteFile.open(db, true)) {
                List<String> problems = SqliteFile.integrityProblems(c);
                if (!problems.isEmpty()) return CheckResult.fail("integrity", "PRAGMA integrity_check: " + String.join("; ", problems), RESTORE_FIX);
                return CheckResult.ok("integrity", "PRAGMA integrity_check: ok");
            } catch (java.sql.SQLException e) {
                return CheckResult.fail("integrity", "the database cannot be read: " + e.getMessage(), RESTORE_FIX);
            }
        });
    }

    static Check disk(DoctorContext ctx) {
        return new Check("disk", ctx.limits().check(), "the file system does not answer: check the disk", () -> {
            Path root = ctx.dataDir().root();
            if (!Files.isDirectory(root)) return CheckResult.skip("disk", "no data dir yet");
            long size = 0;
            for (String f : List.of("blufio.db", "blufio.db-wal")) {
                Path p = root.resolve(f);
                if (Files.exists(p)) size += Files.size(p);
            }
            long free = Files.getFileStore(root).getUsableSpace();
            String detail = mib(free) + " free, database " + mib(size);
            String fix = "free space on the data dir's file system or move the data dir (storage.data_dir) to a larger one";
            if (free < size) return CheckResult.fail("disk", detail + ": a backup or VACUUM would not fit", fix);
            if (free < 2 * size + DISK_MARGIN_BYTES) return CheckResult.warn("disk", detail + ": less than twice the database plus 64 MiB", fix);
            return CheckResult.ok("disk", detail);
        });
    }

    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
