package io.blufio.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The one directory the workspace tools may touch ({@code tools.workspace_dir}, default
 * {@code <data dir>/workspace}, created with mode 0700). Paths from the model are relative, use {@code /}
 * and never contain {@code ..}; absolute paths, drive letters and NUL are refused. After resolving,
 * the real path (symbolic links followed) must still lie inside the real root, and writes never follow a
 * link at the last step, so a link planted inside cannot lead out.
 */
final class Workspace {
    /** Largest file read or written, in bytes (1 MiB). */
    static final int MAX_FILE_BYTES = 1 << 20;
    /** Entries listed at most by {@code workspace_list}. */
    static final int MAX_LIST_ENTRIES = 500;

    private final Path root;

    Workspace(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Returns the real root, creating it (mode 0700) when missing. */
    Path root() throws IOException {
        if (!Files.exists(root)) {
            Files.createDirectories(root);
            try {
                Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default permissions
            }
        }
        return root.toRealPath();
    }

    /** Returns the existing file or directory {@code rel} names ("" or "." is the root itself). */
    Path existing(String rel) throws IOException {
        Path real = root();
        Path p = real.resolve(clean(rel));
        if (!Files.exists(p)) throw refused(rel, "no such file or directory in the workspace");
        Path target = p.toRealPath();
        if (!target.startsWith(real)) throw refused(rel, "it leads outside the workspace (through a symbolic link)");
        return target;
    }

    /** Returns where {@code rel} is written, creating its parent directories inside the workspace. */
    Path forWrite(String rel) throws IOException {
        Path real = root();
        String c = clean(rel);
        if (c.isEmpty()) throw refused(rel, "give a file name");
        Path p = real.resolve(c);
        Path parent = p.getParent();
        Files.createDirectories(parent);
        if (!parent.toRealPath().startsWith(real)) throw refused(rel, "it leads outside the workspace (through a symbolic link)");
        if (Files.isSymbolicLink(p)) throw refused(rel, "it is a symbolic link; write to a regular file");
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) throw refused(rel, "it is a directory");
        return p;
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
        return new ToolRefusal("workspace_refused", "refused path \"" + rel + "\": " + why);
    }
}
