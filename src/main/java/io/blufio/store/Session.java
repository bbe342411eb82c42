package io.blufio.store;

import java.time.Instant;

/**
 * A conversation.
 *
 * @param id row id, used in API paths
 * @param key {@code <channel>:<name>}, e.g. {@code api:cli}, {@code cli:local}, {@code telegram:42}
 * @param channel the channel it belongs to
 * @param createdAt first message
 * @param updatedAt last finished turn
 */
public record Session(long id, String key, String channel, Instant createdAt, Instant updatedAt) {}
