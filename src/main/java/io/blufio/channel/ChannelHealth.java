package io.blufio.channel;

import java.time.Instant;

/**
 * A channel's state as last observed; cheap to read (no I/O).
 *
 * @param state the loop's state; judged by this value, never by {@code lastError}'s text
 * @param lastOkAt when the channel last completed its work loop successfully, null if never
 * @param lastError the last error, already redacted, null if none (for people, not for decisions)
 */
public record ChannelHealth(ChannelState state, Instant lastOkAt, String lastError) {
    /** Returns true for {@link ChannelState#UP}. */
    public boolean up() {
        return state == ChannelState.UP;
    }
}
