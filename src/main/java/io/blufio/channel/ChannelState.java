package io.blufio.channel;

import java.util.Locale;

/**
 * The state of a channel's own loop. Health, the metrics and the systemd watchdog judge a channel by this
 * value only, never by the text of its last error.
 */
public enum ChannelState {
    /** Started, no work loop completed yet. */
    STARTING,
    /** The loop completes (Telegram: {@code getUpdates} calls return). */
    UP,
    /** Calls fail (network, 5xx, 409, 429); the loop goes on with backoff, so it still makes progress. */
    DOWN,
    /** The loop has not completed within its limit while not failing: it is wedged, a restart may help. */
    STALLED,
    /** The loop stopped until the operator acts (Telegram rejected the token). */
    FAILED,
    /** Stopped, or never started. */
    OFF;

    /** Returns the name used in JSON and logs, e.g. {@code up}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wire();
    }
}
