package io.blufio.agent;

import io.blufio.BlufioException;
import io.blufio.llm.ChatMessage;
import io.blufio.llm.ChatResult;
import io.blufio.llm.ContentBlock;
import io.blufio.llm.Provider;
import io.blufio.llm.Role;
import io.blufio.llm.Usage;
import io.blufio.memory.Memories;
import io.blufio.store.Database;
import io.blufio.store.StoredMessage;
import io.blufio.store.StoredSummary;
import io.blufio.store.SummaryStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds what the model sees for a turn, after the cached system prompt and tools: the session's latest
 * compaction summary, the uncompacted history, then the new message led by the relevant memories.
 *
 * <p>Compaction runs before the turn when the session has more than {@code agent.history_turns}
 * uncompacted turns or the estimated size ({@link Tokens}) of summary, history and new message passes
 * {@code budgetTokens}. It keeps the newest turns (at most half of {@code history_turns} and of the
 * budget) and has the model summarise the rest once ({@link Compactor}). The summary is sent as the first
 * text block of the first user message (Anthropic accepts no {@code system} role inside {@code messages}).
 * If compaction fails the turn still runs, with the newest {@code history_turns} turns only.
 */
public final class ContextEngine {
    private static final Logger log = LoggerFactory.getLogger(ContextEngine.class);

    /** Default context budget of summary, history and new message, in estimated tokens ({@link Tokens}). */
    public static final int DEFAULT_BUDGET_TOKENS = 30_000;

    private final SummaryStore store;
    private final int historyTurns;
    private final int budgetTokens;
    private final Compactor compactor;       // null: no compaction, a plain window of history_turns
    private final MemoryContext memory;      // null: no long-term memory in the context

    /**
     * @param provider writes the summaries; null turns compaction off (history is then a window of turns)
     * @param historyTurns {@code agent.history_turns}: uncompacted turns sent at most (0: no history)
     * @param budgetTokens estimated tokens of summary + history + new message before compaction runs
     * @param memories long-term memory whose facts lead the new message; null for none
     */
    public ContextEngine(Database db, Provider provider, int historyTurns, int budgetTokens, Memories memories, Clock clock) {
        this.store = new SummaryStore(db);
        this.historyTurns = historyTurns;
        this.budgetTokens = budgetTokens;
        this.compactor = provider == null ? null : new Compactor(store, provider, clock, budgetTokens / 4, budgetTokens);
        this.memory = memories == null ? null : new MemoryContext(memories);
    }

    /** Returns the conversation for a new user message {@code text} in session {@code sessionId}. */
    TurnContext build(long sessionId, String text) {
        List<StoredMessage> open = historyTurns == 0 ? List.of() : store.uncompacted(sessionId);
        ChatMessage current = memory == null ? ChatMessage.user(text) : memory.current(text, previousUserText(open));
        Optional<StoredSummary> summary = store.latest(sessionId);
        Usage used = Usage.ZERO;
        String model = null;
        if (compactor != null && !open.isEmpty() && overBudget(open, summary, current)) {
            List<StoredMessage> kept = keep(open, Math.max(1, (historyTurns + 1) / 2), budgetTokens / 2);
            List<StoredMessage> old = open.subList(0, open.size() - kept.size());
            if (!old.isEmpty()) {
                try {
                    ChatResult r = compactor.compact(sessionId, old, summary);
                    used = r.usage();
                    model = r.model();
                    open = kept;
                    summary = store.latest(sessionId);
                } catch (BlufioException e) {
                    log.warn("session {}: compaction failed, sending the newest {} turns only: {} ({})",
                            sessionId, historyTurns, e.getMessage(), e.code());
                }
            }
        }
        List<ChatMessage> messages = new ArrayList<>(ContextBuilder.build(lastTurns(open, historyTurns), current));
        summary.ifPresent(s -> messages.set(0, withSummary(s, messages.get(0))));
        return new TurnContext(messages, used, model);
    }

    /** Returns the text the user typed in the newest earlier turn (tool results are not typed), or null. */
    private static String previousUserText(List<StoredMessage> open) {
        for (int i = open.size() - 1; i >= 0; i--) {
            StoredMessage m = open.get(i);
            if (!m.role().equals("user")) continue;
            StringBuilder sb = new StringBuilder();
            for (ContentBlock b : Blocks.fromJson(m.content())) if (b instanceof ContentBlock.Text t) sb.append(t.text());
            if (!sb.toString().isBlank()) return sb.toString();
        }
        return null;
    }

    private boolean overBudget(List<StoredMessage> open, Optional<StoredSummary> summary, ChatMessage current) {
        if (turns(open).size() > historyTurns) return true;
        int tokens = Tokens.of(current) + summary.map(s -> Tokens.of(s.text())).orElse(0);
        for (StoredMessage m : open) tokens += Tokens.PER_MESSAGE + Tokens.of(m.content());
        return tokens > budgetTokens;
    }

    /** Returns the newest whole turns of {@code open} within {@code maxTurns} and {@code maxTokens}. */
    private static List<StoredMessage> keep(List<StoredMessage> open, int maxTurns, int maxTokens) {
        List<Long> turns = turns(open);
        int from = open.size();
        int tokens = 0;
        for (int t = turns.size() - 1; t >= 0 && turns.size() - t <= maxTurns; t--) {
            int start = from;
            while (start > 0 && open.get(start - 1).turnId() == turns.get(t)) start--;
            for (int i = start; i < from; i++) tokens += Tokens.PER_MESSAGE + Tokens.of(open.get(i).content());
            if (tokens > maxTokens) break;
            from = start;
        }
        return open.subList(from, open.size());
    }

    private static List<StoredMessage> lastTurns(List<StoredMessage> open, int n) {
        List<Long> turns = turns(open);
        if (turns.size() <= n) return open;
        Set<Long> kept = new LinkedHashSet<>(turns.subList(turns.size() - n, turns.size()));
        return open.stream().filter(m -> kept.contains(m.turnId())).toList();
    }

    private static List<Long> turns(List<StoredMessage> open) {
        return List.copyOf(new LinkedHashSet<>(open.stream().map(StoredMessage::turnId).toList()));
    }

    private static ChatMessage withSummary(StoredSummary s, ChatMessage first) {
        List<ContentBlock> blocks = new ArrayList<>();
        blocks.add(new ContentBlock.Text("<conversation_summary>\nSummary of the earlier part of this conversation:\n"
                + s.text() + "\n</conversation_summary>\n\n"));
        blocks.addAll(first.content());
        return new ChatMessage(Role.USER, blocks);
    }
}
