package io.blufio.store;

import java.time.Instant;

/**
 * One reply in the outbox.
 *
 * @param turnId the inbox row whose turn produced it
 * @param channel the channel that delivers it, e.g. {@code telegram}
 * @param externalId the inbox row's external id (Telegram: {@code <bot id>:<update id>}), or null
 * @param sessionKey who gets it, e.g. {@code telegram:42}
 * @param error true for the user-facing text of a failed turn, false for an answer
 * @param text the whole reply, before splitting
 * @param state where it is
 * @param attempts how often a worker claimed it
 * @param nextAttemptAt a pending row is not claimed before this
 * @param createdAt when its turn committed it
 * @param lastError why the last attempt failed, or null
 */
public record OutboxRow(long turnId, String channel, String externalId, String sessionKey, boolean error, String text, ReplyState state,
        int attempts, Instant nextAttemptAt, Instant createdAt, String lastError) {}
