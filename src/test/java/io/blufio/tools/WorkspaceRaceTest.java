package io.blufio.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A few seconds of the workspace race ({@link WorkspaceRace}); bench/workspace-race.sh runs it for 60 s. */
final class WorkspaceRaceTest {
    @TempDir Path tmp;

    @Test
    void directorySwappedWithALinkOutside_byRenameExchange_neverLetsAToolOut() throws Exception {
        WorkspaceRace.Result r = WorkspaceRace.run(tmp, Duration.ofSeconds(4), Path.of("bench/workspace_racer.py"));
        System.out.println("workspace race (4 s): " + r);
        assertThat(r.swaps()).isPositive();
        assertThat(r.calls()).isPositive();
        assertThat(r.escapes()).isZero();
        assertThat(r.succeeded() + r.refused()).isEqualTo(r.calls());
    }
}
