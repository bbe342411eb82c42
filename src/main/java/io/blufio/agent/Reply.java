package io.blufio.agent;

/**
 * A finished turn's reply, as the delivery worker hands it to its channel's {@link ReplyTransport}.
 *
 * @param turnId the inbox row of the turn (also the outbox row)
 * @param channel the channel that accepted the message
 * @param externalId the channel's id of the message (Telegram: {@code <bot id>:<update id>}), or null
 * @param sessionKey who gets it, e.g. {@code telegram:42}
 * @param text the final answer, or the user-facing error text when {@code failed}
 * @param failed true when the turn failed and {@code text} says why
 */
public record Reply(long turnId, String channel, String externalId, String sessionKey, String text, boolean failed) {}
