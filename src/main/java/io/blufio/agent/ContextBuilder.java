package io.blufio.agent;

import io.blufio.llm.ChatMessage;
import io.blufio.llm.ContentBlock;
import io.blufio.llm.Role;
import io.blufio.store.StoredMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds what the model sees for a turn: the stored history (the last {@code agent.history_turns}
 * turns, replayed block for block) followed by the new message, which is never part of the stored
 * history yet, so it is never sent twice. The whole is passed through {@link HistoryRepair}, so what an
 * older version stored (empty answers, tool calls without results, two user turns in a row) never
 * makes the provider refuse the session; a stored row that cannot be read at all is left out.
 */
final class ContextBuilder {
    private ContextBuilder() {}

    /** Returns the repaired conversation; {@link HistoryRepair.Result#fixes()} says what was repaired. */
    static HistoryRepair.Result build(List<StoredMessage> history, ChatMessage current) {
        return build(history, current, java.util.Set.of(), sha -> null);
    }

    /**
     * As {@link #build(List, ChatMessage)}; pictures of the turns in {@code imageTurns} get their bytes from
     * {@code images} (hex SHA-256 to bytes, null when gone); all other stored pictures stay bare and are sent
     * as their short text note ({@link ContentBlock.Image#note()}).
     */
    static HistoryRepair.Result build(List<StoredMessage> history, ChatMessage current, java.util.Set<Long> imageTurns,
            java.util.function.Function<String, byte[]> images) {
        List<ChatMessage> out = new ArrayList<>();
        int unreadable = 0;
        for (StoredMessage m : history) {
            try {
                List<ContentBlock> blocks = Blocks.fromJson(m.content());
                if (imageTurns.contains(m.turnId())) blocks = withImages(blocks, images);
                out.add(new ChatMessage(Role.valueOf(m.role().toUpperCase(Locale.ROOT)), blocks));
            } catch (IllegalStateException | IllegalArgumentException e) {
                unreadable++;  // not JSON blocks, or an unknown role: skipped rather than failing every turn
            }
        }
        out.add(current);
        HistoryRepair.Result r = HistoryRepair.repair(out);
        if (unreadable == 0) return r;
        List<String> fixes = new ArrayList<>(r.fixes());
        fixes.add(0, unreadable + " unreadable stored message" + (unreadable == 1 ? "" : "s") + " left out");
        return new HistoryRepair.Result(r.messages(), fixes);
    }

    private static List<ContentBlock> withImages(List<ContentBlock> blocks, java.util.function.Function<String, byte[]> images) {
        List<ContentBlock> out = new ArrayList<>(blocks.size());
        for (ContentBlock b : blocks) {
            byte[] data = b instanceof ContentBlock.Image i ? images.apply(i.media()) : null;
            out.add(data == null ? b : ((ContentBlock.Image) b).withData(data));
        }
        return out;
    }
}
