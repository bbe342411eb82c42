package io.blufio.store;

/**
 * One part of a reply (Telegram: one message).
 *
 * @param part its number, 1..n
 * @param text what it says
 * @param externalId the channel's id of the sent message (Telegram {@code message_id}), null until sent
 */
public record OutboxPart(int part, String text, String externalId) {
    /** Returns true once the part was sent and recorded. */
    public boolean sent() {
        return externalId != null;
    }
}
