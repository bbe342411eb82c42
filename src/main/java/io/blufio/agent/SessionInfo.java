package io.blufio.agent;

import java.time.Instant;

/**
 * A session as shown to channels.
 *
 * @param id session id
 * @param key {@code <channel>:<name>}
 * @param channel its channel
 * @param createdAt first message
 * @param updatedAt last finished turn
 */
public record SessionInfo(long id, String key, String channel, Instant createdAt, Instant updatedAt) {}
