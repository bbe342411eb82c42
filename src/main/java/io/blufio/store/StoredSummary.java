package io.blufio.store;

import java.time.Instant;

/**
 * One compaction of a session's history (table {@code summaries}, schema V4).
 *
 * @param id row id
 * @param sessionId its session
 * @param uptoMessageId the newest message it covers; every message of the session up to it is compacted
 * @param messages messages this compaction covered (earlier ones are in the summary it folded in)
 * @param text the model's summary
 * @param model model that wrote it
 * @param createdAt when it was stored
 */
public record StoredSummary(long id, long sessionId, long uptoMessageId, int messages, String text, String model, Instant createdAt) {}
