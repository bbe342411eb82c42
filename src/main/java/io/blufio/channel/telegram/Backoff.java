package io.blufio.channel.telegram;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for the poll loop: the n-th consecutive failure waits a random time
 * between half and all of {@code FIRST * 2^(n-1)}, never more than {@link #CAP} (60 s, SPEC section 5).
 * {@link #reset()} after a success. Not thread-safe: one poll loop owns it.
 */
final class Backoff {
    /** Upper bound of the first wait: 1 s. */
    static final Duration FIRST = Duration.ofSeconds(1);
    /** Longest wait between retries: 60 s. */
    static final Duration CAP = Duration.ofSeconds(60);

    private final RandomGenerator random;
    private int failures;

    Backoff(RandomGenerator random) {
        this.random = random;
    }

    /** Counts a failure and returns how long to wait before the next try. */
    Duration next() {
        failures = Math.min(failures + 1, 30);
        long ceiling = Math.min(CAP.toMillis(), FIRST.toMillis() << Math.min(failures - 1, 20));
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }

    /** Returns the number of failures since the last {@link #reset()}. */
    int failures() {
        return failures;
    }

    /** Forgets the failures after a successful call. */
    void reset() {
        failures = 0;
    }
}
