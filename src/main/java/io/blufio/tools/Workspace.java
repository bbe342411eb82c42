package io.blufio.tools;

import io.blufio.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one directory the workspace tools may touch ({@code tools.workspace_dir}, default
 * {@code <data dir>/workspace}, created with mode 0700), without races.
 *
 * <p>Paths from the model are relative, use {@code /} and never contain {@code ..}; absolute paths,
 * drive letters and NUL are refused before anything is opened. Every operation then walks the path one
 * component at a time through open directory handles ({@link SecureDirectoryStream}: {@code openat(2)}
 * and friends on Linux) with {@code O_NOFOLLOW} on every component, so a directory swapped for a
 * symbolic link by another process at any moment (even {@code renameat2(RENAME_EXCHANGE)}) cannot lead
 * the call outside: it is refused or acts inside. Symbolic links are never followed, not even ones that
 * point inside.
 *
 * <ul>
 *   <li>Only regular files are read or replaced: FIFOs, devices and sockets are refused; files are opened
 *       read-write ({@code O_RDWR} never blocks on a FIFO swapped in, see fifo(7)) and must be seekable.
 *   <li>A file with more than one hard link ({@code unix:nlink}) is refused: a planted link could name a
 *       file outside.
 *   <li>Writes never go through an existing inode: the content goes to a new file made with
 *       {@code O_CREAT|O_EXCL} in the target directory, then {@code renameat(2)} replaces the name.
 *   <li>Missing directories are made only below an already opened, contained directory handle (made in
 *       the root under a temporary name, then renamed into place through the handles).
 *   <li>Quota: {@link #MAX_FILE_BYTES} a file and {@code tools.workspace_max_mb} in all, counted on disk
 *       at every write (each file rounded up to {@link #BLOCK_BYTES}, each directory or other entry one
 *       block), over at most {@link #MAX_ENTRIES} entries.
 * </ul>
 *
 * <p>What remains: the hard-link check reads the link count by path and compares the inode with the
 * handle's, then re-checks after opening; a reader could still be shown a planted hard link if an
 * attacker swaps it in and out again between those checks (microseconds). Writes are not affected.
 * Without {@link SecureDirectoryStream} (not Linux) the tools refuse to run.
 */
final class Workspace {
    /** Largest file read or written, in bytes (1 MiB). */
    static final int MAX_FILE_BYTES = 1 << 20;
    /** Entries listed at most by {@code workspace_list}. */
    static final int MAX_LIST_ENTRIES = 500;
    /** Entries counted for the quota at most; past it every write is refused. */
    static final int MAX_ENTRIES = 50_000;
    /** Directory levels of a path at most. */
    static final int MAX_DEPTH = 32;
    /** Allocation unit in which files are counted on disk, bytes. */
    static final int BLOCK_BYTES = 4096;
    /** Prefix of blufio's own temporary names in the workspace; hidden from listings, refused in paths. */
    static final String TMP_PREFIX = ".blufio-tmp-";

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final FileAttribute<?> FILE_0600 = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<?> DIR_0700 = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final long maxBytes;
    private final Object writeLock = new Object();

    /**
     * @param root {@code tools.workspace_dir}
     * @param maxBytes {@code tools.workspace_max_mb} in bytes: what the workspace may hold on disk in all
     */
    Workspace(Path root, long maxBytes) {
        this.root = root.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
    }

    /** Returns the quota in bytes. */
    long maxBytes() {
        return maxBytes;
    }

    /** A chain of open directory handles from the root down; closing it closes them all. */
    static final class Dir implements AutoCloseable {
        private final Deque<SecureDirectoryStream<Path>> chain = new ArrayDeque<>();
        private final String rel;

        private Dir(String rel) {
            this.rel = rel;
        }

        /** Returns the deepest handle (the directory named). */
        SecureDirectoryStream<Path> handle() {
            return chain.peekLast();
        }

        /** Returns the root handle. */
        SecureDirectoryStream<Path> rootHandle() {
            return chain.peekFirst();
        }

        /** Returns the workspace-relative path of this directory ("" for the root). */
        String rel() {
            return rel;
        }

        @Override
        public void close() throws IOException {
            IOException first = null;
            while (!chain.isEmpty()) {
                try {
                    chain.pollLast().close();
                } catch (IOException e) {
                    if (first == null) first = e;
                }
            }
            if (first != null) throw first;
        }
    }

    /** Returns the real root, creating it (mode 0700) when missing. The root's own path is trusted. */
    Path root() throws IOException {
        if (!Files.exists(root)) {
            Files.createDirectories(root.getParent());
            try {
                Files.createDirectory(root, DIR_0700);
            } catch (FileAlreadyExistsException raced) {
                // made by another call meanwhile
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(root);  // not a POSIX file system
            }
        }
        return root.toRealPath();
    }

    /**
     * Opens the directory {@code segments} names below the root, one component at a time without
     * following links; with {@code create}, missing components are made (only below handles already open).
     */
    Dir open(String rel, List<String> segments, boolean create) throws IOException {
        Path real = root();
        Dir dir = new Dir(String.join("/", segments));
        try {
            DirectoryStream<Path> top = Files.newDirectoryStream(real);
            if (!(top instanceof SecureDirectoryStream<Path> secure)) {
                top.close();
                throw refused(rel, "this platform offers no race-free directory handles (SecureDirectoryStream); "
                        + "the workspace tools run on Linux only");
            }
            dir.chain.add(secure);
            StringBuilder walked = new StringBuilder();
            for (String seg : segments) {
                walked.append(walked.isEmpty() ? "" : "/").append(seg);
                dir.chain.add(child(real, dir, seg, walked.toString(), rel, create));
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    private SecureDirectoryStream<Path> child(Path real, Dir dir, String seg, String walked, String rel, boolean create)
            throws IOException {
        SecureDirectoryStream<Path> parent = dir.handle();
        Path name = Path.of(seg);
        for (int tries = 0; ; tries++) {
            BasicFileAttributes a = attributes(parent, name);
            if (a == null) {
                if (!create) throw refused(rel, "no such file or directory in the workspace (\"" + walked + "\" is missing)");
                if (tries > 3) throw refused(rel, "\"" + walked + "\" keeps changing while it is being made");
                makeDirectory(real, dir.rootHandle(), parent, name);
                continue;
            }
            if (a.isSymbolicLink()) throw refused(rel, "\"" + walked + "\" is a symbolic link; the workspace tools follow no links");
            if (!a.isDirectory()) throw refused(rel, "\"" + walked + "\" is not a directory");
            try {
                return parent.newDirectoryStream(name, NOFOLLOW);  // O_NOFOLLOW: a link swapped in now fails here
            } catch (NoSuchFileException gone) {
                if (!create) throw refused(rel, "\"" + walked + "\" disappeared while being opened");
            } catch (FileSystemException changed) {
                throw refused(rel, "\"" + walked + "\" changed while being opened (a link or a file swapped in?)");
            }
        }
    }

    /**
     * Makes directory {@code name} in {@code parent}: made in the (trusted) root under a temporary name,
     * then renamed into place through the two handles, so no path is resolved below the root.
     */
    private static void makeDirectory(Path real, SecureDirectoryStream<Path> rootHandle, SecureDirectoryStream<Path> parent, Path name)
            throws IOException {
        Path tmp = Path.of(TMP_PREFIX + HexFormat.of().formatHex(randomBytes()));
        try {
            Files.createDirectory(real.resolve(tmp), DIR_0700);
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(real.resolve(tmp));
        }
        try {
            rootHandle.move(tmp, parent, name);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
            rootHandle.deleteDirectory(tmp);  // made by someone else meanwhile: use theirs
        } catch (IOException e) {
            rootHandle.deleteDirectory(tmp);
            throw e;
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Returns the attributes of {@code name} in {@code dir} without following a link, or null when absent. */
    static BasicFileAttributes attributes(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        try {
            return dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Reads regular file {@code rel}: at most {@link #MAX_FILE_BYTES}.
     *
     * @throws ToolRefusal {@code workspace_refused} for a link, directory, FIFO, device, hard-linked or
     *     oversized file, or a path outside the workspace
     */
    byte[] read(String rel) throws IOException {
        List<String> segs = segments(rel);
        if (segs.isEmpty()) throw refused(rel, "give a file name");
        Path name = Path.of(segs.get(segs.size() - 1));
        try (Dir dir = open(rel, segs.subList(0, segs.size() - 1), false)) {
            SecureDirectoryStream<Path> parent = dir.handle();
            BasicFileAttributes before = attributes(parent, name);
            checkRegular(rel, before);
            checkSingleLink(rel, before);
            if (before.size() > MAX_FILE_BYTES) {
                throw refused(rel, "the file has " + before.size() + " bytes; workspace_read returns at most " + MAX_FILE_BYTES);
            }
            Set<OpenOption> opts = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, NOFOLLOW);
            try (SeekableByteChannel ch = openExisting(rel, parent, name, opts)) {
                checkOpened(rel, ch, parent, name, before);
                long size = ch.size();  // fstat of the open file itself
                if (size > MAX_FILE_BYTES) throw refused(rel, "the file has " + size + " bytes; workspace_read returns at most " + MAX_FILE_BYTES);
                ByteBuffer buf = ByteBuffer.allocate((int) size);
                while (buf.hasRemaining() && ch.read(buf) >= 0) {
                    // fill
                }
                buf.flip();
                byte[] out = new byte[buf.remaining()];
                buf.get(out);
                return out;
            }
        }
    }

    /**
     * Creates or replaces regular file {@code rel} with {@code content}, making missing directories.
     * The new content goes to a fresh file that then replaces the name atomically.
     *
     * @return the workspace-relative path written
     * @throws ToolRefusal {@code workspace_refused} over a size limit or the quota, for a link, directory,
     *     FIFO, device or hard-linked file at that name, or a path outside the workspace
     */
    String write(String rel, byte[] content) throws IOException {
        List<String> segs = segments(rel);
        if (segs.isEmpty()) throw refused(rel, "give a file name");
        if (content.length > MAX_FILE_BYTES) {
            throw refused(rel, "the content has " + content.length + " bytes; the limit is " + MAX_FILE_BYTES);
        }
        Path name = Path.of(segs.get(segs.size() - 1));
        synchronized (writeLock) {  // one writer at a time, so two writes cannot both pass the quota
            long used = usage(rel);
            try (Dir dir = open(rel, segs.subList(0, segs.size() - 1), true)) {
                SecureDirectoryStream<Path> parent = dir.handle();
                BasicFileAttributes old = attributes(parent, name);
                long freed = 0;
                if (old != null) {
                    checkRegular(rel, old);
                    checkSingleLink(rel, old);
                    freed = onDisk(old.size());
                }
                long after = used - freed + onDisk(content.length);
                if (after > maxBytes) {
                    throw refused(rel, "the workspace would hold " + mib(after) + " MiB on disk; tools.workspace_max_mb is "
                            + mib(maxBytes) + " (delete or shorten files, or raise the limit)");
                }
                Path tmp = Path.of(TMP_PREFIX + HexFormat.of().formatHex(randomBytes()));
                Set<OpenOption> opts = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, NOFOLLOW);
                try (SeekableByteChannel ch = parent.newByteChannel(tmp, opts, FILE_0600)) {  // O_CREAT|O_EXCL: a new inode
                    ByteBuffer b = ByteBuffer.wrap(content);
                    while (b.hasRemaining()) ch.write(b);
                } catch (IOException | RuntimeException e) {
                    deleteQuietly(parent, tmp);
                    throw e;
                }
                try {
                    parent.move(tmp, parent, name);  // renameat: replaces a file (or a link itself), never writes through it
                } catch (IOException e) {
                    deleteQuietly(parent, tmp);
                    throw refused(rel, "cannot put the file in place (" + e.getMessage() + "); is it a directory?");
                }
                return String.join("/", segs);
            }
        }
    }

    /** Returns the directory {@code rel} opened for listing ("" or "." is the root). */
    Dir directory(String rel) throws IOException {
        return open(rel, segments(rel), false);
    }

    /**
     * Returns what the workspace holds on disk, in bytes, counted through directory handles without
     * following links (each file rounded up to {@link #BLOCK_BYTES}, each other entry one block).
     *
     * @throws ToolRefusal {@code workspace_refused} past {@link #MAX_ENTRIES} entries or {@link #MAX_DEPTH} levels
     */
    long usage(String rel) throws IOException {
        try (Dir top = open(rel, List.of(), false)) {
            long[] entries = {0};
            return BLOCK_BYTES + walk(top.handle(), 0, entries, rel);
        }
    }

    private static long walk(SecureDirectoryStream<Path> dir, int depth, long[] entries, String rel) throws IOException {
        if (depth > MAX_DEPTH) throw refused(rel, "the workspace nests deeper than " + MAX_DEPTH + " directories");
        long bytes = 0;
        List<Path> subdirs = new ArrayList<>();
        for (Path p : dir) {
            if (++entries[0] > MAX_ENTRIES) {
                throw refused(rel, "the workspace holds more than " + MAX_ENTRIES + " entries; delete some first");
            }
            Path name = p.getFileName();
            BasicFileAttributes a = attributes(dir, name);
            if (a == null) continue;  // deleted meanwhile
            if (a.isDirectory()) {
                bytes += BLOCK_BYTES;
                subdirs.add(name);
            } else {
                bytes += a.isRegularFile() ? onDisk(a.size()) : BLOCK_BYTES;
            }
        }
        for (Path name : subdirs) {
            try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(name, NOFOLLOW)) {
                bytes += walk(sub, depth + 1, entries, rel);
            } catch (FileSystemException swapped) {
                bytes += BLOCK_BYTES;  // gone or swapped for a link meanwhile: counted as one entry
            }
        }
        return bytes;
    }

    /** Returns the bytes a file of {@code size} bytes takes on disk, in whole {@link #BLOCK_BYTES} (one at least). */
    static long onDisk(long size) {
        return Math.max(1, (size + BLOCK_BYTES - 1) / BLOCK_BYTES) * BLOCK_BYTES;
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    private static void checkRegular(String rel, BasicFileAttributes a) {
        if (a == null) throw refused(rel, "no such file in the workspace");
        if (a.isSymbolicLink()) throw refused(rel, "it is a symbolic link; the workspace tools follow no links");
        if (a.isDirectory()) throw refused(rel, "it is a directory");
        if (!a.isRegularFile()) throw refused(rel, "it is not a regular file (a FIFO, device or socket)");
    }

    /**
     * Refuses a file with more than one hard link. The count is read by path (the handle API has no link
     * count) together with the inode, which must be the one the handle saw.
     */
    private void checkSingleLink(String rel, BasicFileAttributes a) throws IOException {
        Map<String, Object> u;
        try {
            u = Files.readAttributes(root().resolve(String.join("/", segments(rel))), "unix:nlink,fileKey", NOFOLLOW);
        } catch (NoSuchFileException e) {
            throw refused(rel, "it changed while being checked (moved or replaced by another process)");
        } catch (UnsupportedOperationException e) {
            return;  // no unix view: nothing to check
        }
        if (a.fileKey() != null && !a.fileKey().equals(u.get("fileKey"))) {
            throw refused(rel, "it changed while being checked (moved or replaced by another process)");
        }
        int links = ((Number) u.get("nlink")).intValue();
        if (links > 1) throw refused(rel, "it has " + links + " hard links; a file linked elsewhere is not opened");
    }

    private static SeekableByteChannel openExisting(String rel, SecureDirectoryStream<Path> parent, Path name, Set<OpenOption> opts)
            throws IOException {
        try {
            return parent.newByteChannel(name, opts);
        } catch (AccessDeniedException e) {
            throw refused(rel, "blufio may not read and write it; workspace files must be readable and writable by blufio (chmod u+rw)");
        } catch (NoSuchFileException e) {
            throw refused(rel, "it disappeared while being opened");
        } catch (FileSystemException e) {
            throw refused(rel, "it changed while being opened (a link swapped in?)");
        }
    }

    /** The open channel must be seekable (no pipe) and still be the inode that was checked. */
    private static void checkOpened(String rel, SeekableByteChannel ch, SecureDirectoryStream<Path> parent, Path name,
            BasicFileAttributes before) throws IOException {
        try {
            ch.position();  // lseek(2): ESPIPE on a FIFO or socket
        } catch (IOException notAFile) {
            throw refused(rel, "it is not a regular file (a FIFO, device or socket)");
        }
        BasicFileAttributes now = attributes(parent, name);
        if (now == null || before.fileKey() != null && !before.fileKey().equals(now.fileKey())) {
            throw refused(rel, "it changed while being opened (moved or replaced by another process)");
        }
    }

    private static void deleteQuietly(SecureDirectoryStream<Path> dir, Path name) {
        try {
            dir.deleteFile(name);
        } catch (IOException ignored) {
            // best effort: a leftover temporary name is hidden from listings
        }
    }

    /** Returns the checked, normalised components of {@code rel} ("" and "." give none). */
    static List<String> segments(String rel) {
        String c = clean(rel);
        if (c.isEmpty()) return List.of();
        List<String> segs = List.of(c.split("/"));
        if (segs.size() > MAX_DEPTH) throw refused(rel, "more than " + MAX_DEPTH + " levels of directories");
        for (String s : segs) {
            if (s.startsWith(TMP_PREFIX)) throw refused(rel, "names starting with " + TMP_PREFIX + " are blufio's own");
        }
        return segs;
    }

    /** Returns {@code rel} checked and normalised ("a/./b" becomes "a/b", "" the root). */
    static String clean(String rel) {
        if (rel == null) return "";
        String r = rel.strip().replace('\\', '/');
        if (r.indexOf('\0') >= 0) throw refused(rel, "it contains a NUL character");
        if (r.startsWith("/") || r.startsWith("~") || r.matches("^[A-Za-z]:.*")) {
            throw refused(rel, "absolute paths are not allowed; give a path relative to the workspace");
        }
        StringBuilder out = new StringBuilder();
        for (String seg : r.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) continue;
            if (seg.equals("..")) throw refused(rel, "'..' is not allowed; give a path inside the workspace");
            if (!out.isEmpty()) out.append('/');
            out.append(seg);
        }
        return out.toString();
    }

    static ToolRefusal refused(String rel, String why) {
        return new ToolRefusal(ErrorCode.WORKSPACE_REFUSED, "refused path \"" + rel + "\": " + why);
    }
}
