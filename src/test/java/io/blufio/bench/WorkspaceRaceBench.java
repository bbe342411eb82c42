package io.blufio.bench;

import io.blufio.tools.WorkspaceRace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Workspace race benchmark (issue 11, item 5): {@link WorkspaceRace} for 60 s (or the seconds given):
 * a racer swapping a workspace directory with a link outside by {@code renameat2(RENAME_EXCHANGE)} while
 * the workspace tools read, write and list through it. Prints the calls made and the escapes (must be 0).
 * Usage: bench/workspace-race.sh [seconds, default 60]. Not part of the test suite.
 */
public final class WorkspaceRaceBench {
    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
        Path dir = Files.createTempDirectory("blufio-race");
        WorkspaceRace.Result r = WorkspaceRace.run(dir, Duration.ofSeconds(seconds), Path.of("bench/workspace_racer.py"));
        System.out.printf("workspace race for %d s: %,d swaps by the racer; %,d tool calls: %,d acted inside, %,d refused, %d escapes%n",
                seconds, r.swaps(), r.calls(), r.succeeded(), r.refused(), r.escapes());
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        if (r.escapes() != 0) System.exit(1);
    }
}
