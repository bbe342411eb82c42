package io.blufio.auth;

import java.time.Duration;

/**
 * The time limits of signed requests, in one place (SPEC section 6).
 *
 * <p>A request's {@code created} parameter (RFC 9421 section 2.3, whole seconds since the epoch) may lie
 * at most {@link #MAX_SKEW} before or after the server clock; a nonce is remembered for
 * {@link #NONCE_TTL}.
 */
public final class SignatureWindow {
    /**
     * Largest distance between a request's {@code created} and the server clock, in either direction:
     * 60 s. Exactly 60 s is accepted, 61 s is rejected ({@code created_out_of_window}).
     */
    public static final Duration MAX_SKEW = Duration.ofSeconds(60);

    /**
     * How long a nonce is remembered: 2 x {@link #MAX_SKEW} = 120 s. A request accepted at the edge
     * (created 60 s in the future) is outside the window again before its nonce is forgotten, so
     * forgetting never reopens a replay.
     */
    public static final Duration NONCE_TTL = MAX_SKEW.multipliedBy(2);

    private SignatureWindow() {}
}
