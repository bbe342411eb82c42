package io.blufio.channel.telegram;

import java.time.Duration;

/** Waits between polls and retries; injected so tests can record waits instead of sleeping. */
@FunctionalInterface
interface Sleeper {
    /** Blocks the calling thread for {@code duration}; throws when interrupted (the channel stops). */
    void sleep(Duration duration) throws InterruptedException;

    /** The real sleeper, {@link Thread#sleep(Duration)}. */
    Sleeper SYSTEM = Thread::sleep;
}
