package io.blufio.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.blufio.testing.SmallTmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telegram on a full disk (issue 10 item 5): the user gets the busy note once, the update stays unconfirmed
 * (nothing lost), and once space is back it is accepted and answered without a restart.
 */
final class TelegramDiskFullTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir Path tmp;

    @Test
    void messageOnAFullDisk_getsTheBusyNoteOnce_andIsAnsweredWhenSpaceReturns() throws Exception {
        try (SmallTmpfs fs = SmallTmpfs.mount(tmp.resolve("mnt"), 4 << 10);
             TelegramHarness h = new TelegramHarness(fs.dir(), Duration.ofSeconds(12), Map.of())) {
            h.telegram.userSends(TelegramHarness.OWNER, "owner", "before");
            await().atMost(WAIT).until(() -> h.texts(TelegramHarness.OWNER).contains("echo: before"));
            Path filler = fs.fill("filler");
            long update = h.telegram.userSends(TelegramHarness.OWNER, "owner", "during " + "x".repeat(3000));
            await().atMost(WAIT).until(() -> h.texts(TelegramHarness.OWNER).contains(UpdateHandler.BUSY));
            await().atMost(WAIT).until(() -> h.waits.size() >= 3);  // retried a few times meanwhile
            assertThat(h.state.offset(123456789L)).as("not confirmed while it cannot be stored").isLessThanOrEqualTo(update);

            Files.delete(filler);
            await().atMost(WAIT).until(() -> h.texts(TelegramHarness.OWNER).stream().anyMatch(t -> t.startsWith("echo: during")));
            assertThat(h.texts(TelegramHarness.OWNER).stream().filter(UpdateHandler.BUSY::equals)).hasSize(1);
            await().atMost(WAIT).until(() -> h.state.offset(123456789L) == update + 1);
        }
    }
}
