package io.blufio.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The workspace race (issue 11, item 5): {@code bench/workspace_racer.py} swaps a directory inside the
 * workspace with a symbolic link to a directory outside it ({@code renameat2(RENAME_EXCHANGE)}, as fast
 * as it can) while this thread reads, writes (into new subdirectories too) and lists through that name
 * with the real tools. An escape is a read that returns the outside file, a listing that shows the outside
 * directory, or any file or directory the tools made outside. Used by {@code WorkspaceRaceTest} (a few
 * seconds) and {@code bench/workspace-race.sh} (60 s).
 */
public final class WorkspaceRace {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What one run saw.
     *
     * @param swaps renames the racer did
     * @param calls tool calls made
     * @param succeeded calls that acted inside the workspace
     * @param refused calls refused (the race was seen)
     * @param escapes calls that reached outside: must be 0
     */
    public record Result(long swaps, long calls, long succeeded, long refused, long escapes) {}

    private WorkspaceRace() {}

    /**
     * Runs the race in {@code dir} (a fresh, empty directory) for {@code duration}.
     *
     * @param racer the racer script, {@code bench/workspace_racer.py}
     */
    public static Result run(Path dir, Duration duration, Path racer) throws IOException, InterruptedException {
        Path root = dir.resolve("workspace");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("f.txt"), "SECRET outside the workspace");
        Files.writeString(outside.resolve("outside-marker"), "");
        ToolRegistry tools = new ToolRegistry(WorkspaceTools.over(root));
        call(tools, "workspace_write", "d/f.txt", "inside");
        Files.createSymbolicLink(root.resolve("l"), outside);
        Process p = new ProcessBuilder("python3", racer.toString(), root.resolve("d").toString(), root.resolve("l").toString(),
                String.valueOf(duration.toMillis() / 1000.0)).redirectErrorStream(true).start();
        long calls = 0;
        long ok = 0;
        long refused = 0;
        long escapes = 0;
        while (p.isAlive()) {
            long i = calls;
            List<ToolOutput> outs = List.of(call(tools, "workspace_read", "d/f.txt", null),
                    call(tools, "workspace_write", "d/w" + i + ".txt", "written " + i),
                    call(tools, "workspace_write", "d/sub" + i + "/x.txt", "nested " + i),
                    call(tools, "workspace_list", "d", null));
            calls += outs.size();
            for (ToolOutput o : outs) {
                if (o.content().contains("SECRET") || o.content().contains("outside-marker")) escapes++;
                else if (o.isError()) refused++;
                else ok++;
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0) throw new IllegalStateException("the racer failed: " + out);
        try (Stream<Path> made = Files.list(outside)) {
            escapes += made.filter(f -> !f.getFileName().toString().equals("f.txt") && !f.getFileName().toString().equals("outside-marker")).count();
        }
        if (!Files.readString(outside.resolve("f.txt")).startsWith("SECRET")) escapes++;
        return new Result(Long.parseLong(out), calls, ok, refused, escapes);
    }

    private static ToolOutput call(ToolRegistry tools, String tool, String path, String content) {
        var in = JSON.createObjectNode().put("path", path);
        if (content != null) in.put("content", content);
        return tools.call(tool, in.toString());
    }
}
