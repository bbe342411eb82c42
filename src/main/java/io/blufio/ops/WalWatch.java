package io.blufio.ops;

import io.blufio.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices when the database's write-ahead log ({@code blufio.db-wal}) is deleted or replaced under the
 * running daemon (https://www.sqlite.org/wal.html): SQLite keeps writing to the open, unlinked file, so
 * every turn acknowledged since the last checkpoint would be lost at the next crash. Every
 * {@link #INTERVAL} it compares the file's inode with the one seen first; on a mismatch it reports the
 * daemon {@code unhealthy} (through {@link Health} and a systemd watchdog probe, so a supervised daemon
 * is restarted), logs an ERROR once, and checkpoints at every tick while the problem lasts so that what was
 * acknowledged reaches the main database file.
 */
public final class WalWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WalWatch.class);
    /** Time between two checks: 5 s. */
    public static final Duration INTERVAL = Duration.ofSeconds(5);

    private final Database db;
    private final Path wal;
    private final Duration interval;
    private Object inode;
    private volatile String problem;
    private volatile boolean running = true;
    private Thread thread;

    /** Watches {@code db}'s {@code -wal} file every {@code interval}. */
    public WalWatch(Database db, Duration interval) {
        this.db = db;
        this.wal = db.file().resolveSibling(db.file().getFileName() + "-wal");
        this.interval = interval;
    }

    /** Records the current inode and starts the periodic check on a virtual thread. */
    public synchronized WalWatch start() {
        check();
        thread = Thread.ofVirtual().name("wal-watch").start(this::loop);
        return this;
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(interval);
                check();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("wal watch: check failed: {}", e.toString());
            }
        }
    }

    /** Checks once; returns the problem found, if any (also kept for {@link #problem()}). */
    synchronized Optional<String> check() {
        if (db.isClosed()) return Optional.empty();
        Object now;
        try {
            now = Files.getAttribute(wal, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            now = null;
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.ofNullable(problem);  // no inode to compare on this platform
        }
        if (inode == null && problem == null) {
            inode = now;  // first sight (null while SQLite has not created the file yet)
            return Optional.empty();
        }
        if (problem == null && !java.util.Objects.equals(inode, now)) {
            problem = "db: " + wal.getFileName() + (now == null ? " was deleted" : " was replaced") + " while blufio runs; "
                    + "acknowledged turns are checkpointed into " + db.file().getFileName() + " every " + interval.toSeconds()
                    + " s, but restart blufio now (systemctl restart blufio) and find what removes files in the data dir";
            log.error("{}", problem);
        }
        if (problem != null) {
            try {
                db.checkpoint();
            } catch (RuntimeException e) {
                log.warn("wal watch: checkpoint failed: {}", e.getMessage());
            }
        }
        return Optional.ofNullable(problem);
    }

    /** Returns the problem found by the last check, or empty while the WAL is the file SQLite opened. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Stops checking; safe to call twice. */
    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) thread.interrupt();
    }
}
