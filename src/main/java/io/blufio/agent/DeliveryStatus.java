package io.blufio.agent;

/**
 * A channel's replies as its delivery worker last counted them (once per pass, about every second); cheap to read.
 *
 * @param pending replies waiting to be sent (including ones waiting for a retry)
 * @param sending replies being sent now
 * @param failed replies given up (kept in the outbox with their reason)
 * @param lastFailedTurn turn id of the newest failed reply, 0 if none
 * @param lastFailure its reason, null if none
 */
public record DeliveryStatus(long pending, long sending, long failed, long lastFailedTurn, String lastFailure) {
    /** Nothing counted yet. */
    public static final DeliveryStatus EMPTY = new DeliveryStatus(0, 0, 0, 0, null);
}
