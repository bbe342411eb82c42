package io.blufio.channel;

import java.time.Instant;

/**
 * A channel's state as last observed; cheap to read (no I/O).
 *
 * @param state {@code up}, {@code starting}, {@code down}, {@code failed} (needs the operator) or {@code off}
 * @param lastOkAt when the channel last completed its work loop successfully, null if never
 * @param lastError the last error, already redacted, null if none
 */
public record ChannelHealth(String state, Instant lastOkAt, String lastError) {
    /** Returns true for {@code up}. */
    public boolean up() {
        return "up".equals(state);
    }
}
