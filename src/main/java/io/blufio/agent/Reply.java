package io.blufio.agent;

/**
 * The outcome of a turn, to be delivered by the channel that accepted its message.
 *
 * @param turnId the inbox row (also the dedupe key of the delivery)
 * @param channel the channel that accepted the message
 * @param externalId the channel's id of the message (Telegram update id), or null
 * @param sessionKey the session, e.g. {@code telegram:42}
 * @param sender who sent the message
 * @param text the final answer, or a short user-facing error text when {@code failed}
 * @param failed true when the turn failed; {@code errorCode} says how
 * @param errorCode the error's code when failed, else null
 */
public record Reply(long turnId, String channel, String externalId, String sessionKey, String sender, String text,
        boolean failed, String errorCode) {}
