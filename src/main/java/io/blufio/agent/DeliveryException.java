package io.blufio.agent;

import io.blufio.ErrorCode;
import io.blufio.BlufioException;
import java.time.Duration;

/**
 * A reply part a channel could not send. {@link #permanent()} failures (Telegram 400 "chat not found",
 * 403 "bot was blocked by the user") end the reply as {@code failed} at once; others are retried with backoff,
 * waiting at least {@link #retryAfter()} when the channel asked for it (Telegram 429 {@code retry_after}).
 */
public final class DeliveryException extends BlufioException {
    private static final long serialVersionUID = 1L;
    private final boolean permanent;
    private final transient Duration retryAfter;

    /**
     * @param message what failed, already redacted (it is stored as the reply's last error)
     * @param permanent true when retrying cannot help
     * @param retryAfter the channel's requested wait before the next try, or null
     */
    public DeliveryException(String message, boolean permanent, Duration retryAfter, Throwable cause) {
        super(permanent ? ErrorCode.REPLY_REFUSED : ErrorCode.REPLY_NOT_SENT, message, cause);
        this.permanent = permanent;
        this.retryAfter = retryAfter;
    }

    /** Returns true when the channel refused the reply for good. */
    public boolean permanent() {
        return permanent;
    }

    /** Returns the wait the channel asked for before the next try, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
