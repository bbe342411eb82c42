package io.blufio.channel.telegram;

import io.blufio.channel.ChannelHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The Telegram channel's health as last observed, read without I/O. Liveness is the time of the last
 * <em>completed</em> {@code getUpdates} ({@link #pollCompleted}); failures and {@code getMe} never refresh it.
 * An {@code up} state whose last completed poll is older than the stall limit reads as {@code down}, so a
 * poll that dies silently shows in health even before the watchdog acts.
 */
final class PollStatus {
    private final Clock clock;
    private final Duration stallLimit;
    private volatile String state = "starting";
    private volatile Instant lastOkAt;
    private volatile String lastError;

    /** @param stallLimit age of the last completed poll after which the channel reads as down */
    PollStatus(Clock clock, Duration stallLimit) {
        this.clock = clock;
        this.stallLimit = stallLimit;
    }

    /** A {@code getUpdates} call returned (with or without updates). */
    void pollCompleted() {
        lastOkAt = clock.instant();
        state = "up";
    }

    /** A call failed; the poll loop goes on. {@code error} must be redacted already. */
    void down(String error) {
        lastError = error;
        if (!"failed".equals(state) && !"off".equals(state)) state = "down";
    }

    /** Polling stopped for good until the operator acts (revoked token). */
    void failed(String error) {
        lastError = error;
        state = "failed";
    }

    /** The channel was stopped. */
    void off() {
        if (!"failed".equals(state)) state = "off";
    }

    /** Returns the cached health. */
    ChannelHealth health() {
        Instant ok = lastOkAt;
        if ("up".equals(state) && ok != null && Duration.between(ok, clock.instant()).compareTo(stallLimit) > 0) {
            return new ChannelHealth("down", ok, "no completed getUpdates for over " + stallLimit.toSeconds() + " s");
        }
        return new ChannelHealth(state, ok, lastError);
    }
}
