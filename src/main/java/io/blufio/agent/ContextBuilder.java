package io.blufio.agent;

import io.blufio.llm.ChatMessage;
import io.blufio.llm.ContentBlock;
import io.blufio.llm.Role;
import io.blufio.store.StoredMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds what the model sees for a turn: the stored history (the last {@code agent.history_turns}
 * turns, replayed block for block) followed by the new message, which is never part of the stored
 * history yet, so it is never sent twice. Consecutive messages of one role are merged, so a turn that
 * ended on tool results still alternates roles as the Anthropic Messages API requires.
 */
final class ContextBuilder {
    private ContextBuilder() {}

    static List<ChatMessage> build(List<StoredMessage> history, ChatMessage current) {
        List<ChatMessage> out = new ArrayList<>();
        for (StoredMessage m : history) {
            append(out, new ChatMessage(Role.valueOf(m.role().toUpperCase(java.util.Locale.ROOT)), Blocks.fromJson(m.content())));
        }
        // The history must start with a user message: drop a leading assistant message (possible when
        // the oldest kept turn began mid-conversation after compaction).
        while (!out.isEmpty() && out.get(0).role() != Role.USER) out.remove(0);
        dropOrphanToolResults(out);
        append(out, current);
        return out;
    }

    private static void append(List<ChatMessage> out, ChatMessage m) {
        if (!out.isEmpty() && out.get(out.size() - 1).role() == m.role()) {
            ChatMessage last = out.remove(out.size() - 1);
            List<ContentBlock> merged = new ArrayList<>(last.content());
            merged.addAll(m.content());
            out.add(new ChatMessage(m.role(), merged));
        } else {
            out.add(m);
        }
    }

    /** A first user message made only of tool results answers calls that were cut off: drop those blocks. */
    private static void dropOrphanToolResults(List<ChatMessage> out) {
        if (out.isEmpty()) return;
        ChatMessage first = out.get(0);
        List<ContentBlock> kept = first.content().stream().filter(b -> !(b instanceof ContentBlock.ToolResult)).toList();
        if (kept.size() == first.content().size()) return;
        out.remove(0);
        if (!kept.isEmpty()) out.add(0, new ChatMessage(Role.USER, kept));
        while (!out.isEmpty() && out.get(0).role() != Role.USER) out.remove(0);
    }
}
