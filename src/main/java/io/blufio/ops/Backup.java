package io.blufio.ops;

import io.blufio.ErrorCode;
import io.blufio.Ticker;
import io.blufio.BlufioException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.DoubleConsumer;
import java.util.function.LongSupplier;

/**
 * {@code blufio backup PATH}: a consistent online copy of the database while the daemon keeps serving.
 *
 * <p>How: {@code VACUUM INTO 'PATH.tmp'} on a read-only connection of its own. It reads one snapshot (a
 * WAL read transaction), so the daemon's writer goes on meanwhile and the copy holds exactly the turns
 * committed when it began. Measured here: 93 MB in 0.3 s, while sqlite-jdbc's {@code backup to} (the
 * online backup API) restarts on every write by another connection and never finished under a steady
 * writer (https://www.sqlite.org/backup.html: a change by another connection restarts the copy).
 * Then {@code PRAGMA integrity_check} on the copy, journal mode set to DELETE (one self-contained file),
 * fsync, since "SQLite does not invoke fsync() ... on the generated database" (https://www.sqlite.org/lang_vacuum.html#vacuuminto),
 * an atomic rename to PATH and an fsync of the directory. {@code PATH.tmp} is removed on any failure;
 * PATH is never half-written.
 */
public final class Backup {
    /** How often the copy's size is sampled for the progress callback, in ms. */
    static final long PROGRESS_EVERY_MS = 100;

    /**
     * What was written.
     *
     * @param path the backup file
     * @param bytes its size in bytes
     * @param took wall time of the whole backup
     * @param schemaVersion the copy's {@code user_version}
     */
    public record Result(Path path, long bytes, Duration took, int schemaVersion) {}

    private Backup() {}

    /**
     * Copies {@code source} to {@code target}.
     *
     * @param replace replace an existing {@code target} (otherwise that is an error)
     * @param progress receives the copied fraction (0..1) about every {@link #PROGRESS_EVERY_MS} ms
     * @throws BlufioException {@code backup_failed} naming the cause; {@code target.tmp} is gone by then
     */
    public static Result run(Path source, Path target, boolean replace, DoubleConsumer progress, LongSupplier nanos) {
        long started = nanos.getAsLong();
        Path target0 = target.toAbsolutePath().normalize();
        Path tmp = target0.resolveSibling(target0.getFileName() + ".tmp");
        if (!Files.isRegularFile(source)) throw failed("there is no database at " + source + " (has blufio served from this data dir?)", null);
        if (Files.exists(target0) && !replace) throw failed(target0 + " exists; choose a new name or pass --force to replace it", null);
        Thread watcher = null;
        Interruption interruption = new Interruption(tmp);
        interruption.install();
        try {
            deleteTmp(tmp);  // left by a crashed earlier run
            // an empty file of mode 0600 first: VACUUM INTO fills it and the copy (conversations, the vault) stays private
            Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            try (Connection c = SqliteFile.open(source, true)) {
                interruption.copying(c);
                long expected = expectedBytes(c);
                watcher = Thread.ofVirtual().name("backup-progress").start(() -> watch(tmp, expected, progress));
                try (PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
                    ps.setString(1, tmp.toString());
                    ps.execute();
                }
            }
            watcher.interrupt();
            interruption.check();
            int version = checkCopy(tmp);
            SqliteFile.fsync(tmp);
            interruption.check();  // the last moment to give up: after the rename PATH is a whole backup
            Files.move(tmp, target0, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            interruption.renamed();
            SqliteFile.fsyncDir(target0.getParent());
            progress.accept(1.0);
            return new Result(target0, Files.size(target0), Duration.ofNanos(nanos.getAsLong() - started), version);
        } catch (SQLException | IOException | RuntimeException e) {
            if (watcher != null) watcher.interrupt();
            deleteTmp(tmp);
            if (e instanceof BlufioException be) throw be;
            throw failed("cannot write " + target0 + ": " + e.getMessage() + hint(e), e);
        } finally {
            interruption.done();
        }
    }

    /**
     * Cleans up when the process is told to stop (SIGTERM, or SIGINT from Ctrl-C) during the copy: a JVM
     * shutdown hook stops SQLite's VACUUM ({@code sqlite3_interrupt}), waits up to {@link #CLEANUP_WAIT_MS} for
     * the copy to unwind, then removes {@code PATH.tmp} and its {@code -journal}, {@code -wal}, {@code -shm}
     * and says so on stderr. PATH itself is only ever written by the final rename, so it is whole or absent.
     */
    static final class Interruption {
        private final Path tmp;
        private final Thread hook;
        private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        private volatile Connection copying;
        private volatile boolean renamed;
        private volatile boolean stopping;

        Interruption(Path tmp) {
            this.tmp = tmp;
            this.hook = new Thread(this::onShutdown, "backup-cleanup");
        }

        void install() {
            Runtime.getRuntime().addShutdownHook(hook);
        }

        void copying(Connection c) {
            copying = c;
        }

        void renamed() {
            renamed = true;
        }

        /** Throws when the process is stopping, so the copy is abandoned (and cleaned up) instead of finished. */
        void check() {
            if (stopping) throw failed("interrupted by a signal", null);
        }

        private void onShutdown() {
            stopping = true;
            long deadline = Ticker.SYSTEM.nanoTime() + CLEANUP_WAIT_MS * 1_000_000;
            try {
                // sqlite3_interrupt only stops a statement that runs: repeat until the copy has unwound
                while (!finished.await(INTERRUPT_EVERY_MS, java.util.concurrent.TimeUnit.MILLISECONDS) && Ticker.SYSTEM.nanoTime() < deadline) {
                    if (copying instanceof org.sqlite.SQLiteConnection sc) {
                        try {
                            sc.getDatabase().interrupt();
                        } catch (SQLException | RuntimeException e) {
                            // closed meanwhile: the copy is past SQLite; the files are removed below either way
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deleteTmp(tmp);
            if (!renamed) System.err.println("\nblufio: backup interrupted; " + tmp + " removed, nothing else written");
        }

        /** The copy ended (done, failed or cleaned up): the hook has nothing more to wait for. */
        void done() {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs now; it sees finished and cleans up
            }
        }
    }

    /** How often the shutdown hook interrupts SQLite while the copy unwinds, in ms. */
    static final long INTERRUPT_EVERY_MS = 20;
    /** Longest wait of the shutdown hook for the interrupted copy to unwind before it removes the files, in ms. */
    static final long CLEANUP_WAIT_MS = 5_000;

    /** Page count times page size less free pages: about what VACUUM INTO writes. */
    private static long expectedBytes(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            long pages = single(st, "PRAGMA page_count") - single(st, "PRAGMA freelist_count");
            return Math.max(1, pages * single(st, "PRAGMA page_size"));
        }
    }

    private static long single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static void watch(Path tmp, long expected, DoubleConsumer progress) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(PROGRESS_EVERY_MS);
                if (Files.exists(tmp)) progress.accept(Math.min(0.99, Files.size(tmp) / (double) expected));
            }
        } catch (InterruptedException | IOException e) {
            // the copy ended (or its file vanished): nothing more to report
        }
    }

    /** Verifies the copy and makes it a single file (journal_mode DELETE); returns its schema version. */
    private static int checkCopy(Path tmp) throws SQLException {
        try (Connection c = SqliteFile.open(tmp, false); Statement st = c.createStatement()) {
            List<String> problems = SqliteFile.integrityProblems(c);
            if (!problems.isEmpty()) throw failed("the copy fails PRAGMA integrity_check: " + String.join("; ", problems), null);
            st.execute("PRAGMA journal_mode = DELETE");
            return SqliteFile.userVersion(c);
        }
    }

    private static void deleteTmp(Path tmp) {
        for (String suffix : new String[] {"", "-journal", "-wal", "-shm"}) {
            try {
                Files.deleteIfExists(tmp.resolveSibling(tmp.getFileName() + suffix));
            } catch (IOException ignored) {
                // best effort: the directory itself may be unwritable, then nothing was created either
            }
        }
    }

    private static String hint(Exception e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (m.contains("full") || m.contains("disk i/o") || m.contains("too large")) return " (is the disk full, or a file size limit set? free space or choose another place)";
        if (m.contains("unable to open") || m.contains("readonly") || m.contains("permission")) return " (is the directory there and writable by this user?)";
        return "";
    }

    private static BlufioException failed(String message, Throwable cause) {
        return cause == null ? new BlufioException(ErrorCode.BACKUP_FAILED, "backup failed: " + message)
                : new BlufioException(ErrorCode.BACKUP_FAILED, "backup failed: " + message, cause);
    }
}
