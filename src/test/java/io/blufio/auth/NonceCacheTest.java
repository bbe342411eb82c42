package io.blufio.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.store.Database;
import io.blufio.store.NonceStore;
import io.blufio.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class NonceCacheTest {
    final AtomicLong nanos = new AtomicLong();
    @TempDir Path dir;

    @Test
    void persisted_nonceSeenBeforeARestart_isStillAReplayAfterIt_untilItExpires() {
        MutableClock clock = new MutableClock(Instant.parse("2025-03-01T12:00:00Z"));
        try (Database db = Database.open(dir.resolve("n.db"))) {
            NonceCache before = new NonceCache(nanos::get, new NonceStore(db), clock);
            assertThat(before.firstUse("laptop", "n1")).isTrue();
        }
        try (Database db = Database.open(dir.resolve("n.db"))) {  // a new process: nothing in memory
            clock.advance(Duration.ofSeconds(59));
            NonceCache after = new NonceCache(new AtomicLong()::get, new NonceStore(db), clock);
            assertThat(after.firstUse("laptop", "n1")).isFalse();
            assertThat(after.firstUse("laptop", "n2")).isTrue();
        }
        try (Database db = Database.open(dir.resolve("n.db"))) {
            clock.advance(Duration.ofSeconds(62));  // t0 + 121 s: n1 (t0 + 120 s) expired in the table, n2 (t0 + 179 s) not
            NonceStore store = new NonceStore(db);
            NonceCache later = new NonceCache(new AtomicLong()::get, store, clock);
            assertThat(store.live(clock.instant(), 10)).extracting(NonceStore.Entry::nonce).containsExactly("n2");
            assertThat(later.firstUse("laptop", "n1")).isTrue();
        }
    }

    @Test
    void persisted_replayWithinOneProcess_isRefusedFromMemory_andTheTableHoldsOneRow() {
        MutableClock clock = new MutableClock(Instant.parse("2025-03-01T12:00:00Z"));
        try (Database db = Database.open(dir.resolve("n.db"))) {
            NonceStore store = new NonceStore(db);
            NonceCache cache = new NonceCache(nanos::get, store, clock);
            assertThat(cache.firstUse("laptop", "n1")).isTrue();
            assertThat(cache.firstUse("laptop", "n1")).isFalse();
            assertThat(store.live(clock.instant(), 10)).hasSize(1);
            assertThat(store.record("laptop", "n1", clock.instant(), clock.instant().plusSeconds(120))).isFalse();
        }
    }

    @Test
    void firstUse_newNonce_trueThenFalse() {
        NonceCache cache = new NonceCache(nanos::get);

        assertThat(cache.firstUse("laptop", "n1")).isTrue();
        assertThat(cache.firstUse("laptop", "n1")).isFalse();
        assertThat(cache.use("laptop", "n1")).isEqualTo(NonceCache.Use.REPLAY);
    }

    @Test
    void firstUse_sameNonceOtherDevice_isIndependent() {
        NonceCache cache = new NonceCache(nanos::get);

        assertThat(cache.firstUse("laptop", "n1")).isTrue();
        assertThat(cache.firstUse("phone", "n1")).isTrue();
    }

    @Test
    void firstUse_afterTtl_forgetsTheNonce_notBefore() {
        NonceCache cache = new NonceCache(nanos::get);
        cache.firstUse("laptop", "n1");

        nanos.addAndGet(SignatureWindow.NONCE_TTL.minus(Duration.ofNanos(1)).toNanos());
        assertThat(cache.firstUse("laptop", "n1")).isFalse();
        nanos.addAndGet(1);
        assertThat(cache.firstUse("laptop", "n1")).isTrue();
    }

    @Test
    void use_atCapacity_failsClosedUntilEntriesExpire() {
        NonceCache cache = new NonceCache(nanos::get, 3);
        cache.firstUse("d", "1");
        cache.firstUse("d", "2");
        cache.firstUse("d", "3");

        assertThat(cache.use("d", "4")).isEqualTo(NonceCache.Use.FULL);
        assertThat(cache.use("d", "1")).isEqualTo(NonceCache.Use.REPLAY); // nothing was evicted early
        nanos.addAndGet(SignatureWindow.NONCE_TTL.toNanos());
        assertThat(cache.use("d", "4")).isEqualTo(NonceCache.Use.FIRST);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void window_isTwiceTheSkew() {
        assertThat(SignatureWindow.MAX_SKEW).isEqualTo(Duration.ofSeconds(60));
        assertThat(SignatureWindow.NONCE_TTL).isEqualTo(Duration.ofSeconds(120));
    }
}
