package io.blufio;

import java.util.function.LongSupplier;

/**
 * Monotonic time in nanoseconds, for deadlines, timeouts and elapsed times (never for dates: use a
 * {@link java.time.Clock}). The one source of {@link System#nanoTime()} in the code base: code that must be
 * tested without waiting takes a {@code Ticker} (or the {@link LongSupplier} it is) and tests pass a manual one.
 */
@FunctionalInterface
public interface Ticker extends LongSupplier {
    /** The JVM's monotonic clock, {@link System#nanoTime()}. */
    Ticker SYSTEM = () -> System.nanoTime();

    /** Returns the current value in nanoseconds; only differences between two values mean anything. */
    long nanoTime();

    @Override
    default long getAsLong() {
        return nanoTime();
    }
}
