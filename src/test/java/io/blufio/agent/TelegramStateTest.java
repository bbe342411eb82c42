package io.blufio.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.store.Database;
import io.blufio.store.TelegramUserStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TelegramStateTest {
    @TempDir Path tmp;

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2025-03-01T10:00:00Z");
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    @Test
    void offset_startsAtZero_andSurvivesReopen() {
        try (Database db = Database.open(tmp.resolve("a.db"))) {
            TelegramState s = new TelegramState(db, Clock.systemUTC());
            assertThat(s.offset()).isZero();
            s.confirmOffset(1234);
        }
        try (Database db = Database.open(tmp.resolve("a.db"))) {
            assertThat(new TelegramState(db, Clock.systemUTC()).offset()).isEqualTo(1234);
        }
    }

    @Test
    void issuePairingCode_oncePerHour_thenApprovalPairsTheUser() {
        MutableClock clock = new MutableClock();
        try (Database db = Database.open(tmp.resolve("b.db"))) {
            TelegramState s = new TelegramState(db, clock, new Random(1));
            String first = s.issuePairingCode(7, "eve", "Eve").orElseThrow();
            assertThat(first).hasSize(TelegramState.CODE_LENGTH).matches("[" + TelegramState.CODE_ALPHABET + "]+");
            clock.now = clock.now.plus(Duration.ofMinutes(59));
            assertThat(s.issuePairingCode(7, "eve", "Eve")).isEmpty();
            clock.now = clock.now.plus(Duration.ofMinutes(2));
            String second = s.issuePairingCode(7, "eve", "Eve").orElseThrow();
            var store = new TelegramUserStore(db);
            assertThat(store.pending()).extracting(p -> p.code()).containsExactly(second);  // the old code is replaced
            assertThat(store.approve(first, clock.now)).isEmpty();
            assertThat(s.isPaired(7)).isFalse();
            assertThat(store.approve(second, clock.now)).isPresent();
            assertThat(s.isPaired(7)).isTrue();
            assertThat(store.pending()).isEmpty();
            assertThat(store.approve(second, clock.now)).isEmpty();
        }
    }
}
