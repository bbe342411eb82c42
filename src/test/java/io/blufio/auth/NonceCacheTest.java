package io.blufio.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class NonceCacheTest {
    final AtomicLong nanos = new AtomicLong();

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
