package io.blufio.agent;

import io.blufio.Backoff;
import java.time.Duration;

/**
 * When a reply that could not be sent is tried again: after {@code firstRetry}, doubling per attempt up to
 * {@code maxRetry} (and never sooner than the channel's {@code retry_after}); a reply still failing
 * {@code giveUpAfter} after its turn committed it ends {@code failed}. Permanent refusals end at once.
 *
 * @param firstRetry wait after the first failed attempt
 * @param maxRetry longest wait between attempts
 * @param giveUpAfter age at which a reply that keeps failing is given up
 */
public record DeliveryPolicy(Duration firstRetry, Duration maxRetry, Duration giveUpAfter) {
    /** 2 s doubling to 5 min; given up after 24 h (Telegram keeps undelivered updates for 24 h as well). */
    public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofHours(24));

    /** Returns the wait after failed attempt number {@code attempt} (1-based), at least {@code retryAfter} when given. */
    public Duration backoff(int attempt, Duration retryAfter) {
        Duration d = new Backoff(firstRetry, maxRetry, false).delay(attempt, null);
        return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
    }
}
