package io.blufio.llm;

import java.time.Duration;

/** Waits between retries; injected so tests can record the waits instead of sleeping. */
@FunctionalInterface
interface Sleeper {
    /** Blocks the calling thread for {@code duration}; throws when interrupted. */
    void sleep(Duration duration) throws InterruptedException;

    /** The real sleeper, {@link Thread#sleep(Duration)}. */
    Sleeper SYSTEM = Thread::sleep;
}
