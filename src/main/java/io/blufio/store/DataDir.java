package io.blufio.store;

import io.blufio.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalLong;

/**
 * The data directory (SPEC section 2): created with mode 0700; holds {@code blufio.db},
 * {@code devices/cli.key} and {@code blufio.pid}. While a daemon serves, it holds an exclusive lock
 * on the pid file; a second {@code serve}, or {@code restore}, is refused with exit 75.
 */
public final class DataDir {
    private final Path root;

    /** Wraps {@code root} without touching the file system. */
    public DataDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Returns the directory. */
    public Path root() {
        return root;
    }

    /** Returns {@code <root>/blufio.db}. */
    public Path database() {
        return root.resolve("blufio.db");
    }

    /** Returns {@code <root>/blufio.pid}. */
    public Path pidFile() {
        return root.resolve("blufio.pid");
    }

    /** Returns {@code <root>/devices/<name>.key}, a device's private key file. */
    public Path deviceKey(String name) {
        return root.resolve("devices").resolve(name + ".key");
    }

    /**
     * Creates the directory (mode 0700) if it does not exist.
     *
     * @throws StoreException {@code data_dir} when it cannot be created or is not a directory
     */
    public DataDir create() {
        try {
            if (!Files.isDirectory(root)) {
                Files.createDirectories(root.getParent());
                Files.createDirectory(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Ownership.check(root);
            if (!Files.isWritable(root)) {
                throw new StoreException(ErrorCode.DATA_DIR, "data dir " + root + " is not writable by this user: fix its owner or choose another with --data-dir");
            }
            return this;
        } catch (IOException e) {
            throw new StoreException(ErrorCode.DATA_DIR, "cannot create data dir " + root + ": " + e + " (choose another with --data-dir or BLUFIO_DATA_DIR)", e);
        }
    }

    /** Returns true when the database file exists. */
    public boolean hasDatabase() {
        return Files.exists(database());
    }

    /** Takes the lock as {@code serve}; see {@link #lock(String)}. */
    public ProcessLock lock() {
        return lock(SERVE);
    }

    /** What holds the data dir: {@code blufio serve}. */
    public static final String SERVE = "serve";
    /** What holds the data dir: an offline {@code blufio shell}, which opened the data dir itself. */
    public static final String SHELL = "shell";
    /** What holds the data dir: {@code blufio restore}, swapping the database. */
    public static final String RESTORE = "restore";

    /**
     * The process holding the data dir, as its pid file says.
     *
     * @param pid its pid, -1 when the file holds none
     * @param kind {@link #SERVE}, {@link #SHELL}, {@link #RESTORE} or another command's name; {@code serve} for a
     *     pid file of an older blufio (pid only)
     */
    public record Holder(long pid, String kind) {
        /** Returns e.g. {@code a blufio shell (pid 1234)}, for messages. */
        public String describe() {
            String what = switch (kind) {
                case SERVE -> "the daemon, blufio serve";
                case SHELL -> "a blufio shell";
                case RESTORE -> "a blufio restore";
                default -> "blufio " + kind;
            };
            return what + " (pid " + (pid < 0 ? "unknown" : pid) + ")";
        }

        /** Returns what to do about it, for messages. */
        public String advice() {
            return switch (kind) {
                case SERVE -> "stop it first, or use another --data-dir";
                case SHELL -> "quit that shell (/quit or Ctrl-D); it opened the data dir itself because no daemon ran."
                        + " Start serve first and shells talk to it instead";
                case RESTORE -> "wait for the restore to finish";
                default -> "wait for it to finish";
            };
        }
    }

    /**
     * Takes the exclusive lock on the pid file and writes this process's pid and {@code kind} into it
     * ({@code <pid> <kind>}, one line).
     *
     * @param kind what takes it: {@link #SERVE}, {@link #SHELL}, {@link #RESTORE}, or a command name
     * @return the held lock; close it to release
     * @throws StoreException {@code data_dir_locked} naming the holder and its pid when another process holds it
     */
    public ProcessLock lock(String kind) {
        Ownership.check(root);
        try {
            FileChannel ch = FileChannel.open(pidFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                Holder holder = holder().orElse(new Holder(-1, "unknown"));
                throw new StoreException(ErrorCode.DATA_DIR_LOCKED, holder.describe() + " holds the data dir " + root + "; " + holder.advice());
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + " " + kind + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(true);
            return new ProcessLock(ch, lock, pidFile());
        } catch (IOException e) {
            throw new StoreException(ErrorCode.DATA_DIR, "cannot lock " + pidFile() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns the pid of the process holding the data dir, or empty when no process holds the lock
     * (a pid file left by a crashed daemon is stale and reads as empty).
     */
    public OptionalLong runningPid() {
        return holder().map(h -> OptionalLong.of(h.pid())).orElse(OptionalLong.empty());
    }

    /**
     * Returns the one sentence {@code status} and {@code doctor} print when something other than {@code serve}
     * holds the data dir, e.g. "no daemon runs: a blufio shell (pid 1234) holds the data dir; quit that shell ...".
     */
    public static String heldBy(Holder h) {
        return "no daemon runs: " + h.describe() + " holds the data dir; " + h.advice();
    }

    /** Returns the process holding the data dir and what it is, or empty when none holds the lock. */
    public java.util.Optional<Holder> holder() {
        Path pid = pidFile();
        if (!Files.exists(pid)) return java.util.Optional.empty();
        try (FileChannel ch = FileChannel.open(pid, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock probe;
            try {
                probe = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                probe = null;  // this very process holds it (a daemon run in-process, as in tests): the file says as what
            }
            if (probe != null) {
                probe.release();
                return java.util.Optional.empty();
            }
            String[] parts = Files.readString(pid, StandardCharsets.US_ASCII).trim().split("\\s+", 2);
            long p = parts[0].isEmpty() ? -1 : Long.parseLong(parts[0]);
            return java.util.Optional.of(new Holder(p, parts.length > 1 ? parts[1] : SERVE));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** The held data-dir lock. Closing releases it and deletes the pid file. */
    public record ProcessLock(FileChannel channel, FileLock lock, Path file) implements AutoCloseable {
        @Override
        public void close() {
            try {
                Files.deleteIfExists(file);
                lock.release();
                channel.close();
            } catch (IOException ignored) {
                // the process is exiting; the OS drops the lock anyway
            }
        }
    }
}
