package io.blufio.channel.telegram;

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
            TelegramState s = new TelegramState(new io.blufio.app.TelegramStorage(db), Clock.systemUTC());
            assertThat(s.offset(111)).isZero();
            s.confirmOffset(111, 1234);
        }
        try (Database db = Database.open(tmp.resolve("a.db"))) {
            assertThat(new TelegramState(new io.blufio.app.TelegramStorage(db), Clock.systemUTC()).offset(111)).isEqualTo(1234);
        }
    }

    @Test
    void offset_isKeptPerBot_aNewBotStartsFromItsOwn() {
        try (Database db = Database.open(tmp.resolve("c.db"))) {
            TelegramState s = new TelegramState(new io.blufio.app.TelegramStorage(db), Clock.systemUTC());
            s.confirmOffset(111, 5000);
            assertThat(s.offset(222)).isZero();
            s.confirmOffset(222, 42);
            assertThat(s.offset(111)).isEqualTo(5000);
            assertThat(s.offset(222)).isEqualTo(42);
        }
    }

    @Test
    void offset_storedBeforeBotIds_isTakenOverOnce_byTheFirstBotThatAsks() {
        try (Database db = Database.open(tmp.resolve("d.db"))) {
            new io.blufio.store.ChannelStateStore(db).put("telegram", TelegramState.LEGACY_OFFSET, "777", Instant.now());
            TelegramState s = new TelegramState(new io.blufio.app.TelegramStorage(db), Clock.systemUTC());
            assertThat(s.offset(111)).isEqualTo(777);
            assertThat(s.offset(222)).isZero();
            assertThat(new io.blufio.store.ChannelStateStore(db).get("telegram", TelegramState.LEGACY_OFFSET)).isEmpty();
        }
    }

    @Test
    void issuePairingCode_oncePerHour_thenApprovalPairsTheUser() {
        MutableClock clock = new MutableClock();
        try (Database db = Database.open(tmp.resolve("b.db"))) {
            TelegramState s = new TelegramState(new io.blufio.app.TelegramStorage(db), clock, new Random(1));
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
