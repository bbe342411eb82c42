package io.blufio.store;

import java.time.Instant;

/**
 * A stranger's request to talk to the bot, made by the pairing code of their refusal.
 *
 * @param code what the operator types in {@code blufio telegram approve CODE}
 * @param userId Telegram user id
 * @param username Telegram username without {@code @}, or null
 * @param displayName first and last name as Telegram gave them, or null
 * @param createdAt when the code was handed out
 * @param approvedAt when it was approved, null while pending
 */
public record PairingRequest(String code, long userId, String username, String displayName, Instant createdAt, Instant approvedAt) {}
