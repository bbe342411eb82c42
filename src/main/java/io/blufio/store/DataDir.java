package io.blufio.store;

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
            if (!Files.isWritable(root)) {
                throw new StoreException("data_dir", "data dir " + root + " is not writable by this user: fix its owner or choose another with --data-dir");
            }
            return this;
        } catch (IOException e) {
            throw new StoreException("data_dir", "cannot create data dir " + root + ": " + e + " (choose another with --data-dir or BLUFIO_DATA_DIR)", e);
        }
    }

    /** Returns true when the database file exists. */
    public boolean hasDatabase() {
        return Files.exists(database());
    }

    /**
     * Takes the exclusive lock on the pid file and writes this process's pid into it.
     *
     * @return the held lock; close it to release
     * @throws StoreException {@code data_dir_locked} naming the holder's pid when another process holds it
     */
    public ProcessLock lock() {
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
                String holder = runningPid().stream().mapToObj(Long::toString).findFirst().orElse("unknown");
                throw new StoreException("data_dir_locked", "another blufio (pid " + holder + ") holds the data dir " + root
                        + "; stop it first, or use another --data-dir");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(true);
            return new ProcessLock(ch, lock, pidFile());
        } catch (IOException e) {
            throw new StoreException("data_dir", "cannot lock " + pidFile() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns the pid of the daemon holding the data dir, or empty when no process holds the lock
     * (a pid file left by a crashed daemon is stale and reads as empty).
     */
    public OptionalLong runningPid() {
        Path pid = pidFile();
        if (!Files.exists(pid)) return OptionalLong.empty();
        try (FileChannel ch = FileChannel.open(pid, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock probe;
            try {
                probe = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                return OptionalLong.of(ProcessHandle.current().pid());
            }
            if (probe != null) {
                probe.release();
                return OptionalLong.empty();
            }
            String text = Files.readString(pid, StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? OptionalLong.of(-1) : OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
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
