package io.blufio;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The one exponential backoff of the code base: the wait before attempt number {@code n + 1} after
 * {@code n} consecutive failures is {@code first * 2^(n-1)}, never more than {@code cap}. With
 * {@code jitter} it is a random time between half and all of that ("equal jitter", so many callers do not
 * retry in step; https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/), in whole milliseconds.
 *
 * @param first wait after the first failure (its upper bound with jitter)
 * @param cap longest wait
 * @param jitter true for equal jitter, false for the exact doubling
 */
public record Backoff(Duration first, Duration cap, boolean jitter) {
    public Backoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(cap, "cap");
        if (first.isNegative() || first.isZero()) throw new IllegalArgumentException("first must be positive, got " + first);
        if (cap.compareTo(first) < 0) throw new IllegalArgumentException("cap " + cap + " is shorter than first " + first);
    }

    /**
     * Returns the wait after failed attempt number {@code attempt} (1-based; 0 or less counts as 1).
     *
     * @param random jitter source; not used without jitter (may then be null)
     */
    public Duration delay(int attempt, RandomGenerator random) {
        Duration ceiling = first;
        for (int i = 1; i < attempt && ceiling.compareTo(cap) < 0; i++) ceiling = ceiling.multipliedBy(2);
        if (ceiling.compareTo(cap) > 0) ceiling = cap;
        if (!jitter) return ceiling;
        long ms = ceiling.toMillis();
        long half = ms / 2;
        return Duration.ofMillis(half + random.nextLong(ms - half + 1));
    }

    /** Returns a counter of consecutive failures that waits by this backoff; one loop owns it. */
    public Streak streak(RandomGenerator random) {
        return new Streak(this, random);
    }

    /** Consecutive failures of one loop and the wait each one asks for. Not thread-safe: one loop owns it. */
    public static final class Streak {
        private final Backoff backoff;
        private final RandomGenerator random;
        private int failures;

        Streak(Backoff backoff, RandomGenerator random) {
            this.backoff = backoff;
            this.random = random;
        }

        /** Counts a failure and returns how long to wait before the next try. */
        public Duration next() {
            failures = Math.min(failures + 1, 64);
            return backoff.delay(failures, random);
        }

        /** Returns the number of failures since the last {@link #reset()}. */
        public int failures() {
            return failures;
        }

        /** Forgets the failures after a successful call. */
        public void reset() {
            failures = 0;
        }
    }
}
