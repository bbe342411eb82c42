package io.blufio.store;

import java.time.Instant;

/**
 * One stored message.
 *
 * @param id row id (monotonic: orders messages)
 * @param sessionId its session
 * @param turnId the inbox row of the turn it belongs to
 * @param role {@code user} or {@code assistant}
 * @param content JSON array of content blocks, replayed to the model as stored
 * @param model model that wrote it (assistant messages), else null
 * @param createdAt when it was stored
 */
public record StoredMessage(long id, long sessionId, long turnId, String role, String content, String model, Instant createdAt) {}
