package io.blufio.store;

import io.blufio.ErrorCode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite database of one data dir: one writer connection, used by one caller at a time, and a small
 * pool of reader connections. WAL journal (readers never block the writer), {@code synchronous=FULL}
 * (a committed inbox row or ledger row survives power loss), {@code foreign_keys=ON},
 * {@code busy_timeout} of {@link #BUSY_TIMEOUT_MS}. Migrations run on {@link #open}.
 *
 * <p>See https://www.sqlite.org/wal.html and https://www.sqlite.org/pragma.html.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /** How long SQLite itself retries a locked database before failing, in ms. */
    static final int BUSY_TIMEOUT_MS = 5_000;
    /** Reader connections kept open. */
    static final int READERS = 2;
    /**
     * Page cache of each connection, KiB ({@code PRAGMA cache_size} negative form; SQLite's default is 2000):
     * the database of a personal agent is a few MB and the OS caches its file anyway, so the three connections
     * keep at most 3 MiB of pages instead of 6 (bench/README.md, footprint).
     */
    static final int CACHE_KIB = 1024;
    /** Wait for the writer connection after which a WARN names the likely cause, in ms; the wait goes on. */
    static final long WRITE_WAIT_WARN_MS = 5_000;

    /** Free space below which an SQLite I/O error on a write is taken for a full file system, in bytes (1 MiB). */
    static final long LOW_SPACE_BYTES = 1 << 20;
    /** How often a full disk is probed for space again, in ms, when no write tries on its own. */
    static final long DISK_PROBE_EVERY_MS = 2_000;
    /** Bytes the probe writes (and deletes) to see whether a write would fit again: 256 KiB, a few WAL frames' worth. */
    static final int DISK_PROBE_BYTES = 256 << 10;

    private final Path file;
    private final Connection writer;
    /** Why writes fail for lack of space, or null: set by a write that hit SQLITE_FULL, cleared by one that commits. */
    private volatile String diskFull;
    private volatile Thread diskProbe;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private volatile boolean closed;

    private Database(Path file, Connection writer) {
        this.file = file;
        this.writer = writer;
    }

    /**
     * Opens (creating if needed) the database file and brings its schema up to date.
     *
     * @throws StoreException {@code store_error} when the file cannot be opened or a migration fails,
     *     {@code schema_too_new} when the file was written by a newer blufio, {@code data_dir_owner} when a data
     *     dir's {@code blufio.db} or the files beside it belong to another user ({@link Ownership})
     */
    public static Database open(Path file) {
        if (file.getFileName().toString().equals("blufio.db")) Ownership.check(file.toAbsolutePath().getParent());
        try {
            Connection w = connect(file, false);
            Database db = new Database(file, w);
            Migrations.apply(w);
            for (int i = 0; i < READERS; i++) db.readers.add(connect(file, true));
            return db;
        } catch (SQLException e) {
            throw new StoreException(ErrorCode.STORE_ERROR, "cannot open database " + file + ": " + e.getMessage()
                    + " (check the file's permissions and free disk space)", e);
        }
    }

    private static Connection connect(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        cfg.enforceForeignKeys(true);
        cfg.setBusyTimeout(BUSY_TIMEOUT_MS);
        cfg.setCacheSize(-CACHE_KIB);
        cfg.setReadOnly(readOnly);
        return cfg.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** Returns the schema version this build migrates to ({@code PRAGMA user_version} after {@link #open}). */
    public static int schemaVersion() {
        return Migrations.latest();
    }

    /** Returns the database file. */
    public Path file() {
        return file;
    }

    /**
     * Runs {@code work} atomically on the writer connection and returns once it is committed with
     * {@code synchronous=FULL} (it survives power loss). Rolled back on any exception, which is rethrown.
     *
     * <p>Writers are group-committed: whoever holds the writer runs every queued write, each inside its
     * own SAVEPOINT (so one failing write undoes only itself), then commits once; one fsync serves them
     * all. A wait over {@link #WRITE_WAIT_WARN_MS} is logged.
     *
     * @throws StoreException {@code store_error} wrapping an {@link SQLException}
     */
    public <T> T write(SqlWork<T> work) {
        return submit(work, true);
    }

    /**
     * Like {@link #write} but committed with {@code synchronous=NORMAL} when no durable write shares the
     * commit: it survives a crash of this process (the WAL is in the OS page cache) and becomes power-loss
     * durable at the next durable commit. For state that is rebuilt or redone anyway (leases, a new
     * session row, a ledger row followed by its turn's durable commit).
     */
    public <T> T writeRelaxed(SqlWork<T> work) {
        return submit(work, false);
    }

    /** One queued write and its outcome. */
    private static final class Task {
        final SqlWork<?> work;
        final boolean durable;
        Object result;
        Throwable error;
        volatile boolean done;

        Task(SqlWork<?> work, boolean durable) {
            this.work = work;
            this.durable = durable;
        }
    }

    private final java.util.concurrent.ConcurrentLinkedQueue<Task> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Writes committed together at most. */
    static final int GROUP_MAX = 64;

    @SuppressWarnings("unchecked")
    private <T> T submit(SqlWork<T> work, boolean durable) {
        Task task = new Task(work, durable);
        queue.add(task);
        lockWriter();
        try {
            if (!task.done) runGroup();
        } finally {
            writeLock.unlock();
        }
        if (task.error == null) {
            diskSpaceBack("a write committed");
        } else if (isDiskFull(task.error)) {
            throw new StoreException(ErrorCode.DISK_FULL, diskFullNow(task.error), task.error);
        }
        if (task.error instanceof RuntimeException re) throw re;
        if (task.error instanceof Error err) throw err;
        if (task.error instanceof SQLException se) throw new StoreException(ErrorCode.STORE_ERROR, "database write failed: " + se.getMessage(), se);
        if (task.error != null) throw new StoreException(ErrorCode.STORE_ERROR, "database write failed: " + task.error, task.error);
        return (T) task.result;
    }

    /** Runs queued writes in one transaction; called with the writer lock held. */
    private void runGroup() {
        java.util.List<Task> group = new java.util.ArrayList<>();
        Task t;
        while (group.size() < GROUP_MAX && (t = queue.poll()) != null) group.add(t);
        if (group.isEmpty()) return;
        boolean durable = group.stream().anyMatch(x -> x.durable);
        try {
            ensureOpen();
            try (Statement st = writer.createStatement()) {
                st.execute(durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
            }
            writer.setAutoCommit(false);
            try (Statement st = writer.createStatement()) {
                for (Task task : group) {
                    st.execute("SAVEPOINT w");
                    try {
                        task.result = task.work.run(writer);
                        st.execute("RELEASE w");
                    } catch (Throwable e) {
                        task.error = e;  // first: SQLITE_FULL may have rolled the whole transaction back already
                        st.execute("ROLLBACK TO w");
                        st.execute("RELEASE w");
                    }
                }
                writer.commit();
            } catch (SQLException | RuntimeException e) {
                Throwable cause = group.stream().map(x -> x.error).filter(x -> x != null && isDiskFull(x)).findFirst().orElse(e);
                try {
                    writer.rollback();
                } catch (SQLException gone) {
                    // SQLite ends the transaction itself on SQLITE_FULL and some I/O errors (https://www.sqlite.org/lang_transaction.html)
                }
                for (Task task : group) if (task.error == null) task.error = cause;
            } finally {
                writer.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            for (Task task : group) if (task.error == null) task.error = e;
        } finally {
            for (Task task : group) task.done = true;
        }
    }

    private void lockWriter() {
        try {
            if (!writeLock.tryLock(WRITE_WAIT_WARN_MS, TimeUnit.MILLISECONDS)) {
                log.warn("store.write_wait: no writer slot after {} ms ({} waiting); is a backup or a long query running?",
                        WRITE_WAIT_WARN_MS, writeLock.getQueueLength());
                writeLock.lockInterruptibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(ErrorCode.STORE_ERROR, "interrupted while waiting for the database writer");
        }
    }

    /**
     * Runs {@code work} on a reader connection (a consistent snapshot for its duration).
     *
     * @throws StoreException {@code store_error} wrapping an {@link SQLException}
     */
    public <T> T read(SqlWork<T> work) {
        Connection c;
        try {
            c = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(ErrorCode.STORE_ERROR, "interrupted while waiting for a database reader");
        }
        try {
            ensureOpen();
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(ErrorCode.STORE_ERROR, "database read failed: " + e.getMessage(), e);
        } finally {
            readers.add(c);
        }
    }

    /**
     * Returns why writes fail for lack of disk space ({@code disk_full}), or empty while they work. A cached
     * flag, no I/O: health reports read it on every request.
     */
    public java.util.Optional<String> diskFull() {
        return java.util.Optional.ofNullable(diskFull);
    }

    /**
     * Returns true for SQLITE_FULL (https://www.sqlite.org/rescode.html#full), "No space left on device", or
     * an SQLite I/O error while the file system has less than {@link #LOW_SPACE_BYTES} free.
     */
    boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.sqlite.SQLiteException se && se.getResultCode() != null) {
                int primary = se.getResultCode().code & 0xff;
                if (primary == 13) return true;  // SQLITE_FULL
                if (primary == 10 && usableBytes() < LOW_SPACE_BYTES) return true;  // SQLITE_IOERR on a full file system
            }
            String m = t.getMessage();
            if (m != null && (m.contains("SQLITE_FULL") || m.contains("No space left on device"))) return true;
        }
        return false;
    }

    private long usableBytes() {
        try {
            return java.nio.file.Files.getFileStore(file.toAbsolutePath().getParent()).getUsableSpace();
        } catch (java.io.IOException | RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Enters (or stays in) the disk-full state; logs one WARN when it begins; returns the message for callers. */
    private synchronized String diskFullNow(Throwable cause) {
        long free = usableBytes();
        String reason = "the file system holding " + file.toAbsolutePath().getParent() + " is full ("
                + (free == Long.MAX_VALUE ? "free space unknown" : (free >> 10) + " KiB free") + "): nothing new can be stored until"
                + " space is freed there; blufio resumes by itself once it is";
        if (diskFull == null) {
            log.warn("store.disk_full: {} (SQLite: {}); messages are refused with disk_full until then", reason, cause.getMessage());
            Thread probe = Thread.ofVirtual().name("disk-full-probe").unstarted(this::probeUntilSpace);
            diskProbe = probe;
            diskFull = reason;
            probe.start();
        } else {
            diskFull = reason;
        }
        return reason;
    }

    /** Leaves the disk-full state, logging once. */
    private void diskSpaceBack(String how) {
        if (diskFull == null) return;
        synchronized (this) {
            if (diskFull == null) return;
            diskFull = null;
            log.info("store.disk_space_back: {} ({} KiB free in {}); accepting messages again", how, usableBytes() >> 10,
                    file.toAbsolutePath().getParent());
        }
    }

    /**
     * While the disk is full: every {@link #DISK_PROBE_EVERY_MS} writes {@link #DISK_PROBE_BYTES} to a probe
     * file beside the database (then deletes it); once that fits, the state is left, so {@code /health}
     * recovers even when nothing else writes. A real write that fails again re-enters the state.
     */
    private void probeUntilSpace() {
        Path probe = file.resolveSibling(file.getFileName() + ".space-probe");
        while (diskFull != null && !closed) {
            try {
                Thread.sleep(DISK_PROBE_EVERY_MS);
                try (var ch = java.nio.channels.FileChannel.open(probe, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(DISK_PROBE_BYTES);
                    while (buf.hasRemaining()) ch.write(buf);
                    ch.force(false);
                }
                java.nio.file.Files.deleteIfExists(probe);
                diskSpaceBack("a " + (DISK_PROBE_BYTES >> 10) + " KiB probe file fits again");
            } catch (java.io.IOException e) {
                try {
                    java.nio.file.Files.deleteIfExists(probe);
                } catch (java.io.IOException ignored) {
                    // still no room even to delete; the next round tries again
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Runs a {@code PRAGMA wal_checkpoint(TRUNCATE)} so the WAL is folded into the main file. */
    public void checkpoint() {
        lockWriter();
        try (Statement st = writer.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            throw new StoreException(ErrorCode.STORE_ERROR, "WAL checkpoint failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) throw new StoreException(ErrorCode.STORE_ERROR, "database " + file + " is closed");
    }

    /** Returns true once {@link #close()} ran. */
    public boolean isClosed() {
        return closed;
    }

    /** Checkpoints the WAL and closes every connection. Safe to call twice. */
    @Override
    public void close() {
        if (closed) return;
        try {
            checkpoint();
        } catch (StoreException e) {
            log.warn("{}", e.getMessage());
        }
        Thread probe = diskProbe;
        if (probe != null) probe.interrupt();
        writeLock.lock();
        try {
            closed = true;
            writer.close();
            Connection c;
            while ((c = readers.poll()) != null) c.close();
        } catch (SQLException e) {
            log.warn("closing database {}: {}", file, e.getMessage());
        } finally {
            writeLock.unlock();
        }
    }
}
