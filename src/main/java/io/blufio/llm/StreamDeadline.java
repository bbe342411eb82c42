package io.blufio.llm;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Ends a response body that is still being read when its time is up, by closing the stream from a
 * virtual "watchdog" thread; the blocked reader then fails and {@link #expired()} tells why. Closing this
 * object (when reading finished in time) stops the watchdog. Waits in real time, unlike retry pauses.
 */
final class StreamDeadline implements AutoCloseable {
    private final Thread watchdog;
    private volatile boolean expired;
    private volatile boolean done;

    private StreamDeadline(InputStream body, Duration timeout) {
        this.watchdog = Thread.ofVirtual().name("llm-stream-deadline").start(() -> watch(body, timeout));
    }

    /** Starts watching {@code body}; it is closed once {@code timeout} has passed. */
    static StreamDeadline start(InputStream body, Duration timeout) {
        return new StreamDeadline(body, timeout);
    }

    /** Returns true when the deadline passed and the stream was closed because of it. */
    boolean expired() {
        return expired;
    }

    private void watch(InputStream body, Duration timeout) {
        try {
            Thread.sleep(timeout);
        } catch (InterruptedException stopped) {
            return; // finished in time
        }
        if (done) return;
        expired = true;
        try {
            body.close();
        } catch (IOException ignored) {
            // the reader sees the failure either way
        }
    }

    @Override
    public void close() {
        done = true;
        watchdog.interrupt();
    }
}
