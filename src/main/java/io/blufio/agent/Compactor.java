package io.blufio.agent;

import io.blufio.ErrorCode;
import io.blufio.llm.ChatMessage;
import io.blufio.llm.ChatRequest;
import io.blufio.llm.ChatResult;
import io.blufio.llm.ContentBlock;
import io.blufio.llm.Provider;
import io.blufio.llm.StreamListener;
import io.blufio.store.SummaryStore.MessageHead;
import io.blufio.store.StoredSummary;
import io.blufio.store.SummaryStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts a session's history: the turns older than the ones kept are summarised by the model in one
 * call (the previous summary folded in), the summary is stored and those messages are marked compacted
 * in one transaction. Originals stay in the database for {@code GET /v1/sessions/{id}/messages}; a
 * compacted message is never sent or summarised again.
 */
final class Compactor {
    private static final Logger log = LoggerFactory.getLogger(Compactor.class);

    /** Characters of one content block copied into the transcript at most; the rest is cut with a mark. */
    static final int MAX_BLOCK_CHARS = 2_000;

    /** The system prompt of a compaction call. */
    static final String INSTRUCTIONS = """
            You maintain the running summary of a long conversation between a user and their assistant. \
            Write one updated summary that folds the previous summary (if any) together with the new part \
            of the conversation. Keep: facts about the user, decisions, commitments, open tasks, names, \
            numbers and anything the assistant promised. Drop small talk. Write in the third person, as plain \
            text, at most %d words. Answer with the summary only.""";

    private final SummaryStore summaries;
    private final Provider provider;
    private final Clock clock;
    private final int maxSummaryTokens;
    private final int maxTranscriptTokens;

    /**
     * @param maxSummaryTokens longest summary kept, estimated tokens ({@link Tokens}); longer answers are cut
     * @param maxTranscriptTokens longest transcript sent to be summarised; its oldest part is left out beyond
     */
    Compactor(SummaryStore summaries, Provider provider, Clock clock, int maxSummaryTokens, int maxTranscriptTokens) {
        this.summaries = summaries;
        this.provider = provider;
        this.clock = clock;
        this.maxSummaryTokens = maxSummaryTokens;
        this.maxTranscriptTokens = maxTranscriptTokens;
    }

    /**
     * Summarises {@code old} (the starts of uncompacted messages, oldest first) with {@code previous}
     * folded in, then stores the summary and marks every message up to {@code uptoId} compacted,
     * including older ones that were not read ({@code olderLeftOut}).
     *
     * @return the model's answer (for its usage and model)
     * @throws io.blufio.BlufioException when the model call fails ({@code llm_*}) or answers with no text
     *     ({@code compaction_failed}); nothing is stored then
     */
    ChatResult compact(long sessionId, List<MessageHead> old, boolean olderLeftOut, long uptoId, Optional<StoredSummary> previous) {
        int words = maxSummaryTokens * Tokens.CHARS_PER_TOKEN / 6;  // about 6 characters a word
        String prompt = transcript(old, olderLeftOut, previous);
        ChatRequest request = new ChatRequest(INSTRUCTIONS.formatted(words), List.of(ChatMessage.user(prompt)), List.of());
        CallScope scope = CallScope.current();  // the ledger bills this call as feature "compaction"
        String feature = scope == null ? null : scope.feature();
        if (scope != null) scope.feature("compaction");
        ChatResult r;
        try {
            r = provider.chat(request, StreamListener.NONE);
        } finally {
            if (scope != null) scope.feature(feature);
        }
        String text = r.message().text().strip();
        if (text.isEmpty()) throw new AgentException(ErrorCode.COMPACTION_FAILED, "the model answered the compaction request with no text");
        int maxChars = maxSummaryTokens * Tokens.CHARS_PER_TOKEN;
        if (text.length() > maxChars) text = text.substring(0, maxChars - 1) + "…";
        int marked = summaries.compact(sessionId, uptoId, text, r.model(), clock.instant());
        log.info("session {}: compacted {} messages into a summary of {} characters", sessionId, marked, text.length());
        return r;
    }

    private String transcript(List<MessageHead> old, boolean olderLeftOut, Optional<StoredSummary> previous) {
        StringBuilder body = new StringBuilder();
        if (olderLeftOut && !old.isEmpty()) body.append("[... the oldest part is left out ...]\n");
        for (MessageHead m : old) {
            if (m.cut()) {  // only its start was read: it is no whole JSON, so quote it as text
                body.append(m.role()).append(": [a message of ").append(m.chars()).append(" characters, its start:] ")
                        .append(cut(m.head())).append('\n');
                continue;
            }
            for (ContentBlock b : Blocks.fromJson(m.head())) {
                String line = switch (b) {
                    case ContentBlock.Text t -> m.role() + ": " + cut(t.text());
                    case ContentBlock.ToolUse u -> "assistant called tool " + u.name() + " with " + cut(u.input());
                    case ContentBlock.ToolResult t -> "tool " + (t.isError() ? "error" : "result") + ": " + cut(t.content());
                    case ContentBlock.Image i -> m.role() + ": " + i.note();
                };
                body.append(line).append('\n');
            }
        }
        int maxChars = maxTranscriptTokens * Tokens.CHARS_PER_TOKEN;
        if (body.length() > maxChars) {
            body.delete(0, body.length() - maxChars).insert(0, "[... the oldest part is left out ...]\n");
        }
        String prev = previous.map(StoredSummary::text).orElse("(none: this is the first summary)");
        return "<previous_summary>\n" + prev + "\n</previous_summary>\n\n<new_conversation>\n" + body + "</new_conversation>";
    }

    private static String cut(String s) {
        if (s == null) return "";
        return s.length() <= MAX_BLOCK_CHARS ? s : s.substring(0, MAX_BLOCK_CHARS) + " [... cut ...]";
    }
}
