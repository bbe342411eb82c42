package io.blufio.agent;

import io.blufio.ErrorCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.BlufioException;
import io.blufio.llm.ChatMessage;
import io.blufio.llm.ChatRequest;
import io.blufio.llm.ChatResult;
import io.blufio.llm.ContentBlock;
import io.blufio.llm.Provider;
import io.blufio.llm.StreamListener;
import io.blufio.memory.FactCandidate;
import io.blufio.memory.LearnOutcome;
import io.blufio.memory.Memories;
import io.blufio.memory.MemoryHit;
import io.blufio.store.Database;
import io.blufio.store.MessageStore;
import io.blufio.store.StoredMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automatic fact extraction ({@code memory.extraction}, SPEC section 16). Once a session has been idle for
 * {@code memory.extract_after_idle_s} (its last turn at least that long ago by the injected clock), the
 * messages no extraction has read yet go to the model in one call (the routed simple model when
 * {@code [routing]} is on), together with the active memories most related to them. The model answers a
 * JSON array {@code [{"content", "category", "replaces"}]}; {@link Memories#learn} embeds each fact, skips
 * near-duplicates and supersedes contradicted memories, and moves the session's high-water mark in the
 * same transaction, so no message is ever sent to extraction twice.
 *
 * <p>The call is billed to the ledger as feature {@code extraction} and gated by the budget: at the cap
 * ({@code budget_exhausted}) or from {@link ModelRouter#SIMPLE_ONLY_PERCENT} % of it, nothing is sent and
 * the messages wait. A failed call (provider error) leaves the mark and is retried after another idle
 * period; an answer that is not the JSON asked for is billed, so its messages are marked read anyway.
 */
public final class FactExtractor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FactExtractor.class);
    private static final ObjectMapper JSON = io.blufio.Json.MAPPER;

    /** Messages read per extraction call at most; later ones go to the next call. */
    static final int MAX_MESSAGES = 200;
    /** Characters of conversation sent per call at most; beyond it the oldest part is left out. */
    static final int MAX_TRANSCRIPT_CHARS = 16_000;
    /** Characters of one text block copied into the transcript at most. */
    static final int MAX_BLOCK_CHARS = 2_000;
    /** Known memories shown to the model at most (so it can leave out repeats and name what a fact replaces). */
    static final int MAX_KNOWN = 20;
    /** Facts taken from one answer at most. */
    static final int MAX_FACTS = 20;
    /** Sessions extracted per pass at most; the rest wait for the next pass. */
    static final int SESSIONS_PER_PASS = 8;
    /** Longest pause between two passes of the background thread. */
    static final Duration MAX_CHECK_INTERVAL = Duration.ofSeconds(30);

    /** The system prompt of an extraction call. */
    static final String INSTRUCTIONS = """
            You extract durable facts about the user from a conversation between the user and their assistant, for \
            the assistant's long-term memory. A durable fact stays true for weeks or longer: names of people and pets, \
            relationships, where the user lives or works, preferences, habits, plans with dates, health, possessions, \
            important numbers. Leave out small talk, the assistant's own statements, passing moods, questions, and \
            anything that only matters for this conversation. Write each fact as one short self-contained sentence in \
            the third person about "the user", e.g. "The user's cat is named Pixel."
            The known memories are listed with their ids. Leave out a fact that is already known. When a new fact \
            contradicts a known memory (same subject, different value: the user moved, a pet was renamed, a preference \
            changed), give that memory's id as "replaces"; otherwise "replaces" is null.
            Answer with a JSON array only, no other text: \
            [{"content": "...", "category": "person|pet|place|work|preference|health|plan|possession|other", "replaces": null}]. \
            Answer [] when there is nothing durable.""";

    private final MessageStore messages;
    private final Memories memories;
    private final Provider provider;
    private final ModelRouter router;   // null: the provider's model
    private final BudgetGuard budget;   // null: no cap
    private final Duration idle;
    private final Clock clock;
    private final Map<Long, Instant> failedAt = new ConcurrentHashMap<>();
    private volatile Thread thread;
    private volatile boolean running;

    /** What one pass did, summed over its sessions. */
    public record Pass(int sessions, int added, int superseded, int duplicates) {}

    /**
     * @param provider the billed provider ({@link LedgeredProvider}): checks the budget, writes the ledger row
     * @param router picks the simple model when routing is on; may be null
     * @param budget skips extraction from {@link ModelRouter#SIMPLE_ONLY_PERCENT} % of a cap; may be null
     * @param idle {@code memory.extract_after_idle_s}
     */
    public FactExtractor(Database db, Memories memories, Provider provider, ModelRouter router, BudgetGuard budget, Duration idle,
            Clock clock) {
        this.messages = new MessageStore(db);
        this.memories = memories;
        this.provider = provider;
        this.router = router;
        this.budget = budget;
        this.idle = idle;
        this.clock = clock;
    }

    /**
     * Extracts from every session idle for the configured time that has unread messages (at most
     * {@link #SESSIONS_PER_PASS}). Never throws: a failing session is logged and retried after another idle period.
     */
    public Pass runDue() {
        Instant now = clock.instant();
        if (budget != null && budget.share().percent() >= ModelRouter.SIMPLE_ONLY_PERCENT) {
            log.debug("memory extraction waits: {} % of the budget is spent", budget.share().percent());
            return new Pass(0, 0, 0, 0);
        }
        int sessions = 0, added = 0, superseded = 0, duplicates = 0;
        for (Memories.DueSession s : memories.dueForExtraction(now.minus(idle), SESSIONS_PER_PASS * 2)) {
            if (sessions >= SESSIONS_PER_PASS) break;
            Instant failed = failedAt.get(s.sessionId());
            if (failed != null && Duration.between(failed, now).compareTo(idle) < 0) continue;
            try {
                LearnOutcome o = extract(s);
                failedAt.remove(s.sessionId());
                sessions++;
                if (o != null) {
                    added += o.added().size();
                    superseded += o.superseded().size();
                    duplicates += o.duplicates();
                }
            } catch (BlufioException e) {
                failedAt.put(s.sessionId(), now);
                if (ErrorCode.BUDGET_EXHAUSTED.is(e)) {
                    log.info("memory extraction for session {} waits for the budget: {}", s.sessionKey(), e.getMessage());
                    break;
                }
                log.warn("memory extraction for session {} failed, retrying after {} s idle: {} ({})", s.sessionKey(),
                        idle.toSeconds(), e.getMessage(), e.code());
            } catch (RuntimeException e) {
                failedAt.put(s.sessionId(), now);
                log.warn("memory extraction for session {} failed unexpectedly", s.sessionKey(), e);
            }
        }
        return new Pass(sessions, added, superseded, duplicates);
    }

    /** Runs one extraction for session {@code s}; returns null when there was nothing to send. */
    LearnOutcome extract(Memories.DueSession s) {
        List<StoredMessage> fresh = messages.after(s.sessionId(), s.mark(), MAX_MESSAGES);
        if (fresh.isEmpty()) return null;
        long upto = fresh.get(fresh.size() - 1).id();
        List<String> userTexts = new ArrayList<>();
        String transcript = transcript(fresh, userTexts);
        if (userTexts.isEmpty()) {  // only tool traffic: nothing the user said
            memories.markExtracted(s.sessionId(), upto);
            return null;
        }
        Map<Long, String> known = known(userTexts);
        StringBuilder prompt = new StringBuilder("<known_memories>\n");
        known.forEach((id, text) -> prompt.append('[').append(id).append("] ").append(text.replace('\n', ' ')).append('\n'));
        if (known.isEmpty()) prompt.append("(none)\n");
        prompt.append("</known_memories>\n\n<conversation>\n").append(transcript).append("</conversation>");
        String model = router == null ? null : router.backgroundModel();
        ChatRequest request = new ChatRequest(INSTRUCTIONS, List.of(ChatMessage.user(prompt.toString())), List.of(), model);
        CallScope scope = new CallScope(s.sessionId(), null, "extraction");
        ChatResult r = scope.run(() -> provider.chat(request, StreamListener.NONE));
        List<FactCandidate> facts;
        try {
            facts = parse(r.message().text(), known.keySet());
        } catch (IllegalArgumentException e) {
            log.warn("memory extraction for session {}: the answer was not the JSON array asked for ({}); its {} messages are marked read",
                    s.sessionKey(), e.getMessage(), fresh.size());
            memories.markExtracted(s.sessionId(), upto);
            return null;
        }
        LearnOutcome o = memories.learn(s.sessionId(), s.sessionKey(), upto, facts);
        log.info("memory extraction for session {}: {} messages, {} new facts, {} superseded, {} duplicates skipped",
                s.sessionKey(), fresh.size(), o.added().size(), o.superseded().size(), o.duplicates());
        return o;
    }

    /** Returns the conversation as {@code role: text} lines (tool traffic left out), newest part kept. */
    private static String transcript(List<StoredMessage> fresh, List<String> userTexts) {
        StringBuilder body = new StringBuilder();
        for (StoredMessage m : fresh) {
            for (ContentBlock b : Blocks.fromJson(m.content())) {
                if (!(b instanceof ContentBlock.Text t) || t.text().isBlank()) continue;
                String text = t.text().length() <= MAX_BLOCK_CHARS ? t.text() : t.text().substring(0, MAX_BLOCK_CHARS) + " [... cut ...]";
                if (m.role().equals("user")) userTexts.add(text);
                body.append(m.role()).append(": ").append(text.strip()).append('\n');
            }
        }
        if (body.length() > MAX_TRANSCRIPT_CHARS) {
            body.delete(0, body.length() - MAX_TRANSCRIPT_CHARS).insert(0, "[... the oldest part is left out ...]\n");
        }
        return body.toString();
    }

    /** Returns up to {@link #MAX_KNOWN} active memories related to what the user said, by id. */
    private Map<Long, String> known(List<String> userTexts) {
        Map<Long, String> out = new LinkedHashMap<>();
        int perText = Math.max(3, MAX_KNOWN / userTexts.size());
        for (int i = userTexts.size() - 1; i >= 0 && out.size() < MAX_KNOWN; i--) {
            for (MemoryHit h : memories.search(userTexts.get(i), perText)) {
                if (out.size() >= MAX_KNOWN) break;
                out.putIfAbsent(h.memory().id(), h.memory().text());
            }
        }
        return out;
    }

    /**
     * Reads the model's answer: the JSON array in it (code fences and text around it are tolerated), at most
     * {@link #MAX_FACTS} facts; a {@code replaces} id not among {@code shown} is dropped.
     *
     * @throws IllegalArgumentException when the answer holds no JSON array of objects
     */
    static List<FactCandidate> parse(String answer, java.util.Set<Long> shown) {
        int from = answer.indexOf('[');
        int to = answer.lastIndexOf(']');
        if (from < 0 || to < from) throw new IllegalArgumentException("no JSON array in " + answer.length() + " characters");
        JsonNode arr;
        try {
            arr = JSON.readTree(answer.substring(from, to + 1));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!arr.isArray()) throw new IllegalArgumentException("not an array");
        List<FactCandidate> out = new ArrayList<>();
        for (JsonNode f : arr) {
            if (out.size() >= MAX_FACTS) break;
            if (!f.isObject()) throw new IllegalArgumentException("an element is not an object");
            String content = f.path("content").asText("");
            if (content.isBlank()) continue;
            JsonNode rep = f.path("replaces");
            Long replaces = rep.canConvertToLong() && shown.contains(rep.asLong()) ? rep.asLong() : null;
            out.add(new FactCandidate(content, f.path("category").isTextual() ? f.path("category").asText() : null, replaces));
        }
        return out;
    }

    /**
     * Starts the background thread ({@code memory-extraction}, virtual) that calls {@link #runDue()} every
     * min(idle time / 4, {@link #MAX_CHECK_INTERVAL}), at least every 250 ms apart. Calling it twice starts one.
     */
    public synchronized void start() {
        if (thread != null) return;
        running = true;
        long pauseMs = Math.max(250, Math.min(idle.toMillis() / 4, MAX_CHECK_INTERVAL.toMillis()));
        thread = Thread.ofVirtual().name("memory-extraction").start(() -> {
            while (running) {
                try {
                    Thread.sleep(pauseMs);
                    runDue();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("memory extraction pass failed: {}", e.toString());
                }
            }
        });
    }

    /** Stops the background thread; an extraction in progress is interrupted (its messages stay unread). */
    @Override
    public synchronized void close() {
        running = false;
        Thread t = thread;
        thread = null;
        if (t == null) return;
        t.interrupt();
        try {
            t.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
