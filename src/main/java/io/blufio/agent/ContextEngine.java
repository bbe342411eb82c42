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
import io.blufio.store.SummaryStore.MessageHead;
import io.blufio.store.SummaryStore.MessageSize;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds what the model sees for a turn, after the cached system prompt and tools: the session's latest
 * compaction summary, the uncompacted history, then the new message led by the relevant memories.
 *
 * <p>Bounded reads: a turn looks at the ids and sizes of the newest {@link #WINDOW_ROWS} uncompacted
 * messages only (no content), then loads the content of just the turns it sends, and the first
 * {@link #HEAD_CHARS} characters of the messages it summarises. However long a session grew, a turn never
 * reads every row or a whole huge message into memory.
 *
 * <p>Compaction runs before the turn when the session has more than {@code agent.history_turns}
 * uncompacted turns, more than fit in the window, or an estimated size ({@link Tokens}) of summary,
 * history and new message above {@code budgetTokens}. It keeps the newest turns (at most half of
 * {@code history_turns} and of the budget) and has the model summarise the rest once ({@link Compactor});
 * messages beyond the transcript's budget are marked compacted unread. The summary is sent as the first
 * text block of the first user message (Anthropic accepts no {@code system} role inside {@code messages}).
 *
 * <p>If compaction fails the turn still runs, with the newest turns that fit {@code history_turns} and the
 * budget. Once the uncompacted history passes the hard cap ({@link #HARD_CAP_FACTOR} x
 * {@code history_turns} turns, or more than the window holds) while compaction fails, the fallback marks
 * every older message compacted without a summary and records that in a summary row (the previous
 * summary plus a note of what was left out), so history stops growing toward the cap even when the
 * provider refuses every compaction call.
 */
public final class ContextEngine {
    private static final Logger log = LoggerFactory.getLogger(ContextEngine.class);

    /** Default context budget of summary, history and new message, in estimated tokens ({@link Tokens}). */
    public static final int DEFAULT_BUDGET_TOKENS = 30_000;
    /** Newest uncompacted messages a turn looks at, at most (ids and sizes; contents only of what is used). */
    static final int WINDOW_ROWS = 1_000;
    /** Characters of one message read for a compaction transcript, at most (the rest stays in SQLite). */
    static final int HEAD_CHARS = 4 * Compactor.MAX_BLOCK_CHARS;
    /** Uncompacted turns, as a multiple of {@code agent.history_turns}, past which a failed compaction drops the oldest. */
    static final int HARD_CAP_FACTOR = 2;

    private final SummaryStore store;
    private final int historyTurns;
    private final int budgetTokens;
    private final Compactor compactor;       // null: no compaction, a plain window of history_turns
    private final MemoryContext memory;      // null: no long-term memory in the context
    private final Clock clock;
    private final io.blufio.store.MediaStore media;
    /** {@code agent.image_history_turns}; set after construction ({@link #imageHistoryTurns(int)}). */
    private volatile int imageHistoryTurns = DEFAULT_IMAGE_HISTORY_TURNS;
    /** Default of {@code agent.image_history_turns}. */
    public static final int DEFAULT_IMAGE_HISTORY_TURNS = 2;
    /** Sessions whose repaired history was logged already (logged once per session and process). */
    private final Set<Long> repairedSessions = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Sessions remembered in {@link #repairedSessions}; past it the set starts over (a few repeated lines at worst). */
    static final int MAX_REPAIR_LOG_SESSIONS = 4096;
    /** The summary written when a refused history is set aside without being summarised. */
    static final String SET_ASIDE_NOTE = "(An earlier part of this conversation was set aside because the model"
            + " provider refused it as invalid; it is not available here.)";

    /**
     * @param provider writes the summaries; null turns compaction off (history is then a window of turns)
     * @param historyTurns {@code agent.history_turns}: uncompacted turns sent at most (0: no history)
     * @param budgetTokens estimated tokens of summary + history + new message before compaction runs
     * @param memories long-term memory whose facts lead the new message; null for none
     */
    public ContextEngine(Database db, Provider provider, int historyTurns, int budgetTokens, Memories memories, Clock clock) {
        this.store = new SummaryStore(db);
        this.media = new io.blufio.store.MediaStore(db);
        this.historyTurns = historyTurns;
        this.budgetTokens = budgetTokens;
        this.compactor = provider == null ? null : new Compactor(store, provider, clock, budgetTokens / 4, budgetTokens);
        this.memory = memories == null ? null : new MemoryContext(memories);
        this.clock = clock;
    }

    /** One whole turn of the window, by size only. Ids of a turn are contiguous (one commit stores a turn). */
    private record Turn(long turnId, long firstId, long lastId, int rows, long tokens) {}

    /**
     * Sets {@code agent.image_history_turns}: pictures are sent with their bytes for the newest {@code turns}
     * turns, the new message's own included (0: only the new message's); older ones as a short text note.
     */
    public ContextEngine imageHistoryTurns(int turns) {
        if (turns < 0) throw new IllegalArgumentException("agent.image_history_turns must be at least 0, got " + turns);
        this.imageHistoryTurns = turns;
        return this;
    }

    /** Returns the conversation for a new user message {@code text} in session {@code sessionId}. */
    TurnContext build(long sessionId, String text) {
        return build(sessionId, text, List.of());
    }

    /**
     * Returns the conversation for a new user message of {@code text} followed by {@code extra} blocks (the
     * pictures sent with it, bytes attached) in session {@code sessionId}.
     */
    TurnContext build(long sessionId, String text, List<ContentBlock> extra) {
        ChatMessage current = memory == null ? ChatMessage.user(text) : memory.current(text, previousUserText(sessionId));
        if (!extra.isEmpty()) {
            List<ContentBlock> blocks = new ArrayList<>(current.content());
            blocks.addAll(extra);
            current = new ChatMessage(Role.USER, blocks);
        }
        Optional<StoredSummary> summary = store.latest(sessionId);
        Usage used = Usage.ZERO;
        String model = null;
        List<Turn> send = List.of();
        if (historyTurns > 0) {
            List<MessageSize> sizes = store.newestSizes(sessionId, WINDOW_ROWS + 1);
            boolean complete = sizes.size() <= WINDOW_ROWS;
            if (!complete) sizes = sizes.subList(0, WINDOW_ROWS);
            List<Turn> turns = turns(sizes);                              // newest first
            if (!complete && !turns.isEmpty()) turns.remove(turns.size() - 1);  // may be cut by the window
            long fixed = Tokens.of(current) + summary.map(s -> (long) Tokens.of(s.text())).orElse(0L);
            long total = fixed + turns.stream().mapToLong(Turn::tokens).sum();
            boolean over = !complete || turns.size() > historyTurns || (total > budgetTokens && !turns.isEmpty());
            if (!over) {
                send = turns;
            } else if (compactor == null) {
                send = newest(turns, historyTurns, budgetTokens - fixed);
            } else {
                List<Turn> kept = newest(turns, Math.max(1, (historyTurns + 1) / 2), budgetTokens / 2);
                long upto = kept.isEmpty() ? sizes.get(0).id() : kept.get(kept.size() - 1).firstId() - 1;
                try {
                    ChatResult r = compact(sessionId, sizes, complete, upto, summary);
                    used = r.usage();
                    model = r.model();
                    send = kept;
                    summary = store.latest(sessionId);
                } catch (BlufioException e) {
                    send = newest(turns, historyTurns, budgetTokens - fixed);
                    boolean hardCap = !complete || turns.size() > HARD_CAP_FACTOR * historyTurns;
                    log.warn("session {}: compaction failed, sending the newest {} turns only{}: {} ({})", sessionId, send.size(),
                            hardCap ? "; the history passed its hard cap, so older turns are dropped unsummarised" : "",
                            e.getMessage(), e.code());
                    if (hardCap) {
                        fallback(sessionId, send.isEmpty() ? sizes.get(0).id() : send.get(send.size() - 1).firstId() - 1, summary, e);
                        summary = store.latest(sessionId);
                    }
                }
            }
        }
        List<StoredMessage> history = send.isEmpty() ? List.of()
                : store.range(sessionId, send.get(send.size() - 1).firstId(), send.get(0).lastId(), WINDOW_ROWS);
        HistoryRepair.Result repaired = ContextBuilder.build(history, current, imageTurns(history), this::imageBytes);
        if (!repaired.fixes().isEmpty() && repairedSessions.add(sessionId)) {
            if (repairedSessions.size() > MAX_REPAIR_LOG_SESSIONS) repairedSessions.clear();
            log.info("session {}: repaired the stored history before sending it (stored rows unchanged): {}", sessionId,
                    String.join(", ", repaired.fixes()));
        }
        List<ChatMessage> messages = new ArrayList<>(repaired.messages());
        summary.ifPresent(s -> messages.set(0, withSummary(s, messages.get(0))));
        return new TurnContext(messages, used, model);
    }

    /** Rows read back at most to find the previous user turn's text. */
    private static final int PREVIOUS_TEXT_ROWS = 8;

    /**
     * Returns the text the user typed in the newest earlier turn still in the window (tool results are not
     * typed), or null; reads at most {@link #PREVIOUS_TEXT_ROWS} rows.
     */
    private String previousUserText(long sessionId) {
        if (historyTurns == 0) return null;
        List<MessageSize> sizes = store.newestSizes(sessionId, PREVIOUS_TEXT_ROWS);
        if (sizes.isEmpty()) return null;
        List<StoredMessage> open = store.range(sessionId, sizes.get(sizes.size() - 1).id(), sizes.get(0).id(), PREVIOUS_TEXT_ROWS);
        for (int i = open.size() - 1; i >= 0; i--) {
            StoredMessage m = open.get(i);
            if (!m.role().equals("user")) continue;
            StringBuilder sb = new StringBuilder();
            for (ContentBlock b : Blocks.fromJson(m.content())) if (b instanceof ContentBlock.Text t) sb.append(t.text());
            if (!sb.toString().isBlank()) return sb.toString();
        }
        return null;
    }

    /**
     * Sets the session's uncompacted history aside after the provider refused it as invalid (HTTP 400
     * {@code llm_history_invalid}), so it is never sent again: it is compacted into the summary (one model
     * call, which reads it as a plain transcript, bounded like any compaction) or, when that fails or
     * compaction is off, marked compacted with a summary saying so. The rows stay in the database. Reads at
     * most {@link #WINDOW_ROWS} message sizes. Returns the context rebuilt without it.
     */
    TurnContext setAside(long sessionId, String text) {
        return setAside(sessionId, text, List.of());
    }

    /** As {@link #setAside(long, String)}, for a new message with {@code extra} blocks (its pictures). */
    TurnContext setAside(long sessionId, String text, List<ContentBlock> extra) {
        List<MessageSize> sizes = store.newestSizes(sessionId, WINDOW_ROWS + 1);
        Usage used = Usage.ZERO;
        String model = null;
        if (!sizes.isEmpty()) {
            boolean complete = sizes.size() <= WINDOW_ROWS;
            if (!complete) sizes = sizes.subList(0, WINDOW_ROWS);
            long upto = sizes.get(0).id();
            Optional<StoredSummary> summary = store.latest(sessionId);
            boolean compacted = false;
            if (compactor != null) {
                try {
                    ChatResult r = compact(sessionId, sizes, complete, upto, summary);
                    used = r.usage();
                    model = r.model();
                    compacted = true;
                } catch (BlufioException e) {
                    log.warn("session {}: compacting the refused history failed ({}: {}); setting it aside without a summary",
                            sessionId, e.code(), e.getMessage());
                }
            }
            if (!compacted) {
                String note = summary.map(s -> s.text() + "\n\n").orElse("") + SET_ASIDE_NOTE;
                store.compact(sessionId, upto, note, null, clock.instant());
            }
            log.warn("session {}: the stored history up to message {} set aside ({}); later turns do not send it again", sessionId,
                    upto, compacted ? "summarised" : "not summarised");
        }
        TurnContext rebuilt = build(sessionId, text, extra);
        return new TurnContext(rebuilt.messages(), rebuilt.compactionUsage().plus(used),
                model != null ? model : rebuilt.compactionModel());
    }

    /**
     * Summarises the window's messages up to {@code upto}, newest first until the transcript budget,
     * reading at most {@link #HEAD_CHARS} of each; older ones (and those beyond the window) are marked
     * compacted unread.
     */
    private ChatResult compact(long sessionId, List<MessageSize> sizes, boolean complete, long upto, Optional<StoredSummary> summary) {
        long room = (long) budgetTokens * Tokens.CHARS_PER_TOKEN;
        long from = -1;
        boolean leftOut = !complete;
        for (MessageSize m : sizes) {  // newest first
            if (m.id() > upto) continue;
            if (room <= 0) {
                leftOut = true;
                break;
            }
            room -= Math.min(m.chars(), HEAD_CHARS);
            from = m.id();
        }
        List<MessageHead> old = from < 0 ? List.of() : store.heads(sessionId, from, upto, HEAD_CHARS, WINDOW_ROWS);
        return compactor.compact(sessionId, old, leftOut, upto, summary);
    }

    /**
     * Marks every message up to {@code upto} compacted without a summary, recording it as a summary row:
     * the previous summary (if any) followed by a note of what was left out.
     */
    private void fallback(long sessionId, long upto, Optional<StoredSummary> previous, BlufioException cause) {
        String note = "[Older messages of this conversation, up to " + clock.instant() + ", were left out without a summary:"
                + " summarising them failed (" + cause.code() + ").]";
        String text = previous.map(s -> s.text() + "\n\n" + note).orElse(note);
        int dropped = store.compact(sessionId, upto, text, null, clock.instant());
        log.warn("session {}: {} older messages dropped from the prompt without a summary (compaction fallback; they stay in the database)",
                sessionId, dropped);
    }

    /** Returns the newest {@code image_history_turns - 1} turns of {@code history} (the new message is the first). */
    private Set<Long> imageTurns(List<StoredMessage> history) {
        int earlier = imageHistoryTurns - 1;
        if (earlier <= 0 || history.isEmpty()) return Set.of();
        Set<Long> out = new java.util.HashSet<>();
        for (int i = history.size() - 1; i >= 0 && (out.size() < earlier || out.contains(history.get(i).turnId())); i--) {
            out.add(history.get(i).turnId());
        }
        return out;
    }

    private byte[] imageBytes(String sha256) {
        return media.get(sha256).map(io.blufio.store.Media::data).orElse(null);
    }

    /** Groups sizes (newest first) into whole turns, newest first. */
    private static List<Turn> turns(List<MessageSize> sizes) {
        List<Turn> out = new ArrayList<>();
        int i = 0;
        while (i < sizes.size()) {
            long turn = sizes.get(i).turnId();
            long last = sizes.get(i).id();
            long first = last;
            long tokens = 0;
            int rows = 0;
            for (; i < sizes.size() && sizes.get(i).turnId() == turn; i++) {
                first = sizes.get(i).id();
                tokens += Tokens.PER_MESSAGE + (sizes.get(i).chars() + Tokens.CHARS_PER_TOKEN - 1) / Tokens.CHARS_PER_TOKEN;
                rows++;
            }
            out.add(new Turn(turn, first, last, rows, tokens));
        }
        return out;
    }

    /** Returns the newest whole turns within {@code maxTurns} and {@code maxTokens}, newest first. */
    private static List<Turn> newest(List<Turn> turns, int maxTurns, long maxTokens) {
        List<Turn> out = new ArrayList<>();
        long tokens = 0;
        for (Turn t : turns) {
            if (out.size() >= maxTurns || tokens + t.tokens() > maxTokens) break;
            tokens += t.tokens();
            out.add(t);
        }
        return out;
    }

    private static ChatMessage withSummary(StoredSummary s, ChatMessage first) {
        List<ContentBlock> blocks = new ArrayList<>();
        blocks.add(new ContentBlock.Text("<conversation_summary>\nSummary of the earlier part of this conversation:\n"
                + s.text() + "\n</conversation_summary>\n\n"));
        blocks.addAll(first.content());
        return new ChatMessage(Role.USER, blocks);
    }
}
