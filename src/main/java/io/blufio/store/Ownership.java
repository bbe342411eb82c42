package io.blufio.store;

import io.blufio.ErrorCode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who owns the data dir and the files blufio keeps in it. A command run as another user (typically root,
 * with {@code sudo}, on the service user's {@code /var/lib/blufio}) would leave files the daemon cannot
 * write, and SQLite would then fail with "attempt to write a readonly database" on every request. So before
 * anything is opened or created: the data dir must belong to the user running the command, and the files
 * blufio writes there ({@code blufio.db} and its {@code -wal}/{@code -shm}, {@code blufio.pid},
 * {@code daemon.json}, {@code devices/*.key}) must belong to the data dir's owner. Either failure is one
 * {@link StoreException} {@code data_dir_owner} naming the path and the {@code chown} (or {@code sudo -u}) fix.
 * Linux only (uids from {@code /proc/self}); elsewhere nothing is checked.
 */
public final class Ownership {
    /** The files directly in the data dir that blufio writes. */
    static final List<String> FILES = List.of("blufio.db", "blufio.db-wal", "blufio.db-shm", "blufio.pid", "daemon.json", "shell_history");

    private Ownership() {}

    /** Returns this process's effective uid, or empty where {@code /proc/self} does not tell it. */
    static Optional<Integer> processUid() {
        try {
            return Optional.of((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int uid(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    private static String user(Path p) {
        try {
            return Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /**
     * Checks {@code root} (when it exists) as described in the class comment.
     *
     * @throws StoreException {@code data_dir_owner}
     */
    public static void check(Path root) {
        Optional<Integer> me = processUid();
        if (me.isEmpty() || !Files.isDirectory(root)) return;
        try {
            int owner = uid(root);
            String ownerName = user(root);
            if (owner != me.get()) {
                throw new StoreException(ErrorCode.DATA_DIR_OWNER, "data dir " + root + " belongs to user " + ownerName + " (uid " + owner
                        + "), but this command runs as uid " + me.get() + (me.get() == 0 ? " (root)" : "") + ": files it made there would lock"
                        + " the daemon out. Run it as that user: sudo -u " + ownerName + " blufio ... (or give the dir to this user: chown -R "
                        + me.get() + ": " + root + ")");
            }
            List<Path> foreign = foreignFiles(root, owner, false);
            if (!foreign.isEmpty()) {
                Path first = foreign.get(0);
                throw new StoreException(ErrorCode.DATA_DIR_OWNER, first + " is owned by " + user(first) + " (uid " + uid(first) + "), not by "
                        + ownerName + " (uid " + owner + ") who owns the data dir and runs blufio" + (foreign.size() > 1 ? " (and "
                        + (foreign.size() - 1) + " more file(s) there)" : "") + "; a command was probably run as another user."
                        + " Fix: chown -R " + ownerName + ": " + root);
            }
        } catch (IOException e) {
            // unreadable attributes: the open that follows reports the real error
        }
    }

    /**
     * Returns the files under {@code root} not owned by {@code owner}: blufio's own files and {@code devices/}, and
     * with {@code deep} every entry of the data dir and of {@code workspace/} one level down.
     */
    public static List<Path> foreignFiles(Path root, int owner, boolean deep) throws IOException {
        List<Path> out = new ArrayList<>();
        List<Path> candidates = new ArrayList<>();
        if (deep) {
            list(root, candidates);
            list(root.resolve("workspace"), candidates);
        } else {
            for (String f : FILES) candidates.add(root.resolve(f));
            candidates.add(root.resolve("devices"));
        }
        list(root.resolve("devices"), candidates);
        for (Path p : candidates) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && uid(p) != owner && !out.contains(p)) out.add(p);
        }
        return out;
    }

    /** Returns the uid owning {@code root}. */
    public static int ownerUid(Path root) throws IOException {
        return uid(root);
    }

    /** Returns the user name owning {@code p} ({@code ?} when unknown). */
    public static String ownerName(Path p) {
        return user(p);
    }

    private static void list(Path dir, List<Path> into) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            int n = 0;
            for (Path p : entries) {
                into.add(p);
                if (++n >= 10_000) return;  // bounded: a workspace may hold many files
            }
        }
    }
}
