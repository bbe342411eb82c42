package io.blufio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TelegramUserStoreTest {
    @TempDir Path dir;

    @Test
    void issueCode_floodOfStrangers_keepsOnlyTheNewestOpenCodes_andApprovedOnesStay() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            TelegramUserStore store = new TelegramUserStore(db);
            Instant t0 = Instant.parse("2025-03-01T12:00:00Z");
            store.issueCode(1, "first", null, "FIRST001", t0, t0.minusSeconds(3600));
            assertThat(store.approve("FIRST001", t0)).isPresent();
            int strangers = TelegramUserStore.MAX_OPEN_CODES + 50;
            for (int i = 0; i < strangers; i++) {
                Instant at = t0.plusSeconds(i + 1);
                store.issueCode(1000 + i, null, null, String.format("CODE%04d", i), at, at.minusSeconds(3600));
            }

            assertThat(store.pending()).hasSize(TelegramUserStore.MAX_OPEN_CODES);
            assertThat(store.pending().get(0).code()).isEqualTo(String.format("CODE%04d", strangers - TelegramUserStore.MAX_OPEN_CODES));
            assertThat(store.approve("CODE0000", t0)).isEmpty();  // dropped
            assertThat(store.approve(String.format("CODE%04d", strangers - 1), t0)).isPresent();
            assertThat(store.isPaired(1)).isTrue();
        }
    }
}
