package io.blufio.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a directory, so a test can fill a real file system (ENOSPC, SQLITE_FULL). Needs
 * root ({@code .ci/run} runs as root); elsewhere the test is skipped with a message saying so.
 */
public final class SmallTmpfs implements AutoCloseable {
    private final Path dir;

    private SmallTmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code sizeKib} KiB on {@code dir} (created), or skips the calling test. */
    public static SmallTmpfs mount(Path dir, int sizeKib) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + sizeKib + "k,mode=0700", "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(ok, "skipped: cannot mount a tmpfs (needs root; .ci/run runs as root): " + out.strip());
        return new SmallTmpfs(dir);
    }

    /** Returns the mount point. */
    public Path dir() {
        return dir;
    }

    /** Writes zeros to {@code name} until the file system is full; returns the file. */
    public Path fill(String name) throws IOException {
        Path f = dir.resolve(name);
        byte[] chunk = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(f, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) out.write(chunk);
        } catch (IOException full) {
            // ENOSPC: the file system is full now
        }
        byte[] one = new byte[4096];  // and the last partial blocks
        try (OutputStream out = Files.newOutputStream(f, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) out.write(one);
        } catch (IOException full) {
            // full
        }
        return f;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("umount", "-l", dir.toString()).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
    }
}
