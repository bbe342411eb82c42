package io.blufio;

import java.time.Duration;

/**
 * Waits: between polls, retries and redeliveries. The one sleeper of the code base, injected so that tests
 * move a manual clock forward instead of waiting (with {@link Ticker}, the monotonic side of time; wall time
 * is a {@link java.time.Clock}).
 */
@FunctionalInterface
public interface Sleeper {
    /** Blocks the calling thread for {@code duration}; throws when interrupted (the caller is stopping). */
    void sleep(Duration duration) throws InterruptedException;

    /** The real sleeper, {@link Thread#sleep(Duration)}. */
    Sleeper SYSTEM = Thread::sleep;
}
