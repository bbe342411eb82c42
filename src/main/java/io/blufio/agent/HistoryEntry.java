package io.blufio.agent;

import io.blufio.llm.ContentBlock;
import java.time.Instant;
import java.util.List;

/**
 * One stored message as shown to channels.
 *
 * @param id message id (orders messages; use as {@code before} to page)
 * @param turnId the turn it belongs to
 * @param role {@code user} or {@code assistant}
 * @param content its blocks
 * @param model model that wrote it, null for user messages
 * @param createdAt when it was stored
 */
public record HistoryEntry(long id, long turnId, String role, List<ContentBlock> content, String model, Instant createdAt) {
    /** Returns the text blocks joined. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (ContentBlock b : content) if (b instanceof ContentBlock.Text t) sb.append(t.text());
        return sb.toString();
    }
}
