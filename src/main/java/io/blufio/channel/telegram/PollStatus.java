package io.blufio.channel.telegram;

import io.blufio.channel.ChannelHealth;
import io.blufio.channel.ChannelState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The Telegram channel's health as last observed, read without I/O. Liveness is the time of the last
 * <em>completed</em> {@code getUpdates} ({@link #pollCompleted}); failures and {@code getMe} never refresh it.
 * An {@code up} state whose last completed poll is older than the stall limit reads as
 * {@link ChannelState#STALLED}, so a poll that dies silently shows in health (and to the systemd watchdog)
 * even before the stall watchdog acts; failing calls read as {@link ChannelState#DOWN}, which is progress.
 */
final class PollStatus {
    private final Clock clock;
    private final Duration stallLimit;
    private volatile ChannelState state = ChannelState.STARTING;
    private volatile Instant lastOkAt;
    private volatile String lastError;
    /** Why the oldest unconfirmed update is not accepted; null when none waits. */
    private volatile String stuck;

    /** @param stallLimit age of the last completed poll after which the channel reads as stalled */
    PollStatus(Clock clock, Duration stallLimit) {
        this.clock = clock;
        this.stallLimit = stallLimit;
    }

    /** A {@code getUpdates} call returned (with or without updates). */
    void pollCompleted() {
        lastOkAt = clock.instant();
        state = ChannelState.UP;
    }

    /** A call failed; the poll loop goes on. {@code error} must be redacted already. */
    void down(String error) {
        lastError = error;
        if (state != ChannelState.FAILED && state != ChannelState.OFF) state = ChannelState.DOWN;
    }

    /**
     * An update could not be accepted and is retried: the channel reads as {@link ChannelState#DOWN} with
     * {@code error} (redacted already) until {@link #updatesAccepted}, even while the polls themselves complete, so
     * an update that fails every time is not hidden by the next successful {@code getUpdates}.
     */
    void updateStuck(String error) {
        stuck = error;
        down(error);
    }

    /** The updates of a poll were all accepted (their offset confirmed). */
    void updatesAccepted() {
        stuck = null;
    }

    /** Polling stopped for good until the operator acts (revoked token). */
    void failed(String error) {
        lastError = error;
        state = ChannelState.FAILED;
    }

    /** The channel was stopped. */
    void off() {
        if (state != ChannelState.FAILED) state = ChannelState.OFF;
    }

    /** Returns the cached health. */
    ChannelHealth health() {
        Instant ok = lastOkAt;
        ChannelState s = state;
        String waiting = stuck;
        if (waiting != null && (s == ChannelState.UP || s == ChannelState.DOWN)) return new ChannelHealth(ChannelState.DOWN, ok, waiting);
        if (s == ChannelState.UP && ok != null && Duration.between(ok, clock.instant()).compareTo(stallLimit) > 0) {
            return new ChannelHealth(ChannelState.STALLED, ok, "no completed getUpdates for over " + stallLimit.toSeconds() + " s");
        }
        return new ChannelHealth(s, ok, lastError);
    }
}
