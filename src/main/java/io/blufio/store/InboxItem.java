package io.blufio.store;

import java.time.Instant;

/**
 * One accepted inbound message waiting for, or done with, its turn.
 *
 * @param id row id, also the turn id
 * @param channel channel that accepted it ({@code api}, {@code cli}, {@code telegram})
 * @param externalId the channel's id for dedupe (Telegram update id), or null
 * @param sessionKey session it belongs to
 * @param sender who sent it (device name, Telegram user id)
 * @param content the user's text
 * @param state {@code pending}, {@code leased}, {@code done} or {@code failed}
 * @param attempts how often a turn was started for it
 * @param receivedAt when it was accepted
 * @param result JSON of the finished turn or its error, null until finished
 */
public record InboxItem(long id, String channel, String externalId, String sessionKey, String sender, String content,
        String state, int attempts, Instant receivedAt, String result) {}
