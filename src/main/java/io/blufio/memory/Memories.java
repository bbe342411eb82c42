package io.blufio.memory;

import io.blufio.ErrorCode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.blufio.config.MemoryConfig;
import io.blufio.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Long-term memory as the agent, its tools and the CLI use it: save a fact (embedded once, when saved),
 * search (hybrid, ranked, with scores), list, forget. Query embeddings are kept in a Caffeine cache of
 * at most {@code memory.cache_entries} entries (0: none kept), for queries of at most {@link #MAX_TEXT_CHARS}
 * characters. Thread-safe.
 */
public final class Memories {
    /** Longest fact saved, in characters; longer text is refused with {@code memory_invalid}. */
    public static final int MAX_TEXT_CHARS = 2_000;

    /**
     * Cosine similarity from which an extracted fact that the model did not mark as a replacement is a
     * near-duplicate of an active memory, and is skipped; also the similarity to a forgotten fact from
     * which an extracted fact is not learnt again.
     */
    public static final double DUPLICATE_SIMILARITY = 0.90;
    /**
     * Lowest cosine similarity between an extracted fact and the memory the model says it replaces for the
     * replacement to stand (same subject); below it the claim is ignored and the fact is saved as new.
     */
    public static final double SUPERSEDE_MIN_SIMILARITY = 0.35;

    /**
     * A session with messages that no extraction has read yet.
     *
     * @param sessionId the session
     * @param sessionKey its key, e.g. {@code api:cli}
     * @param mark the newest message id already read by extraction (0: none)
     */
    public record DueSession(long sessionId, String sessionKey, long mark) {}

    private final MemoryStore store;
    private final ExtractionMarks marks;
    private final Database db;
    private final HybridSearch search;
    private final Embedder embedder;
    private final MemoryConfig cfg;
    private final Clock clock;
    private final Cache<String, float[]> queries;

    /**
     * @param embedder the embedding model (shared; loaded on first use)
     * @param cfg {@code [memory]}: max_results, min_similarity, cache_entries
     * @param clock stamps {@code created_at}
     */
    public Memories(Database db, Embedder embedder, MemoryConfig cfg, Clock clock) {
        this.store = new MemoryStore(db);
        this.marks = new ExtractionMarks(db);
        this.db = db;
        this.search = new HybridSearch(store);
        this.embedder = embedder;
        this.cfg = cfg;
        this.clock = clock;
        this.queries = Caffeine.newBuilder().maximumSize(cfg.cacheEntries()).build();
    }

    /**
     * Saves {@code text} (trimmed) with its embedding as an {@code explicit} fact.
     *
     * @param source who saves it, e.g. {@code cli} or {@code tool} (stored as its origin)
     * @throws MemoryException {@code memory_invalid} when blank or longer than {@link #MAX_TEXT_CHARS},
     *     {@code embedding_failed} when the model cannot run
     */
    public Memory add(String text, String source) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) throw new MemoryException(ErrorCode.MEMORY_INVALID, "the fact is empty: give the text to remember");
        if (t.length() > MAX_TEXT_CHARS) {
            throw new MemoryException(ErrorCode.MEMORY_INVALID, "the fact has " + t.length() + " characters; the limit is "
                    + MAX_TEXT_CHARS + ": save a shorter statement");
        }
        return store.insert(t, embedder.embed(t), source, clock.instant());
    }

    /**
     * Returns up to {@code limit} facts for {@code query}, best first, above {@code memory.min_similarity}.
     * Only the first {@link Embedder#MAX_INPUT_CHARS} characters of the query are used.
     */
    public List<MemoryHit> search(String query, int limit) {
        if (query == null || query.isBlank()) return List.of();
        String q = query.strip();
        // a pasted page or a 1 MiB message: its start is what is looked up; a long text is embedded without
        // being kept as a cache key (seldom asked again, and 1,024 of them would hold megabytes of heap)
        if (q.length() > Embedder.MAX_INPUT_CHARS) q = q.substring(0, Embedder.MAX_INPUT_CHARS);
        float[] vector = q.length() > MAX_TEXT_CHARS ? embedder.embed(q) : queries.get(q, embedder::embed);
        return search.search(q, vector, limit, cfg.minSimilarity());
    }

    /** Returns the {@code memory.max_results} facts most relevant to {@code text} (empty when disabled). */
    public List<MemoryHit> relevant(String text) {
        if (!cfg.enabled() || cfg.maxResults() == 0) return List.of();
        return search(text, cfg.maxResults());
    }

    /** Returns up to {@code limit} active and superseded facts, newest first. */
    public List<Memory> list(int limit) {
        return store.list(limit, false);
    }

    /** Returns up to {@code limit} facts, newest first; forgotten ones too when {@code withForgotten}. */
    public List<Memory> list(int limit, boolean withForgotten) {
        return store.list(limit, withForgotten);
    }

    /** Returns fact {@code id} whatever its status, or empty. */
    public java.util.Optional<Memory> find(long id) {
        return store.find(id);
    }

    /**
     * Forgets fact {@code id} (explicit or extracted, active or superseded): it is never searched or sent to
     * the model again and extraction does not learn it again; the row stays as a tombstone. Returns false
     * when there is no such fact or it was already forgotten.
     */
    public boolean forget(long id) {
        return store.forget(id, clock.instant());
    }

    /** Deletes fact {@code id} for good, tombstone included; returns false when there was none. */
    public boolean purge(long id) {
        return store.delete(id);
    }

    /** Returns the unit embedding of {@code text} (loads the model when needed). */
    public float[] embed(String text) {
        return embedder.embed(text);
    }

    /** Returns sessions idle since {@code idleSince} with messages no extraction has read, at most {@code limit}. */
    public List<DueSession> dueForExtraction(Instant idleSince, int limit) {
        return marks.due(idleSince, limit);
    }

    /** Returns the newest message id of a session already read by extraction (0: none). */
    public long extractionMark(long sessionId) {
        return marks.mark(sessionId);
    }

    /** Moves the session's extraction mark to {@code upto} without saving facts (the call found none). */
    public void markExtracted(long sessionId, long upto) {
        db.write(c -> {
            ExtractionMarks.advance(c, sessionId, upto, clock.instant());
            return null;
        });
    }

    /**
     * Saves the facts one extraction call found in messages up to {@code uptoMessageId} of a session, and
     * moves the session's mark there, in one transaction. Each fact is embedded; then:
     * <ul>
     *   <li>within {@link #DUPLICATE_SIMILARITY} of a forgotten fact: skipped (the user made blufio forget it);</li>
     *   <li>the model marked it as replacing an active memory and the two are at least
     *       {@link #SUPERSEDE_MIN_SIMILARITY} similar: saved, and the old one becomes {@code superseded},
     *       linked to it;</li>
     *   <li>else within {@link #DUPLICATE_SIMILARITY} of an active memory (or of a fact earlier in the same
     *       batch): skipped as a duplicate;</li>
     *   <li>else saved as a new {@code extracted} fact.</li>
     * </ul>
     */
    public LearnOutcome learn(long sessionId, String sessionKey, long uptoMessageId, List<FactCandidate> facts) {
        record Plan(String text, String category, float[] vector, Long replaces) {}
        List<Plan> plans = new java.util.ArrayList<>();
        int duplicates = 0, forgotten = 0, invalid = 0;
        for (FactCandidate f : facts) {
            String t = f.content() == null ? "" : f.content().strip();
            if (t.isEmpty() || t.length() > MAX_TEXT_CHARS) {
                invalid++;
                continue;
            }
            float[] v = embedder.embed(t);
            if (best(v, Memory.FORGOTTEN, null) >= DUPLICATE_SIMILARITY) {
                forgotten++;
                continue;
            }
            Long replaces = null;
            if (f.replaces() != null) {
                Memory old = store.find(f.replaces()).orElse(null);
                if (old != null && old.status().equals(Memory.ACTIVE)
                        && best(v, Memory.ACTIVE, List.of(old.id())) >= SUPERSEDE_MIN_SIMILARITY
                        && plans.stream().noneMatch(p -> old.id() == (p.replaces() == null ? -1 : p.replaces()))) {
                    replaces = old.id();
                }
            }
            if (replaces == null) {
                boolean dup = best(v, Memory.ACTIVE, null) >= DUPLICATE_SIMILARITY
                        || plans.stream().anyMatch(p -> dot(p.vector(), v) >= DUPLICATE_SIMILARITY);
                if (dup) {
                    duplicates++;
                    continue;
                }
            }
            plans.add(new Plan(t, category(f.category()), v, replaces));
        }
        Instant now = clock.instant();
        List<Memory> added = new java.util.ArrayList<>();
        List<Long> superseded = new java.util.ArrayList<>();
        db.write(c -> {
            for (Plan p : plans) {
                long id = MemoryStore.insert(c, p.text(), p.vector(), Memory.EXTRACTED, "session:" + sessionKey, p.category(), sessionId, now);
                added.add(new Memory(id, p.text(), Memory.EXTRACTED, "session:" + sessionKey, p.category(), Memory.ACTIVE, null,
                        Instant.ofEpochMilli(now.toEpochMilli())));
                if (p.replaces() != null && MemoryStore.supersede(c, p.replaces(), id, now)) superseded.add(p.replaces());
            }
            ExtractionMarks.advance(c, sessionId, uptoMessageId, now);
            return null;
        });
        return new LearnOutcome(added, superseded, duplicates, forgotten, invalid);
    }

    /** Returns the highest similarity of {@code v} to a fact of {@code status} (only {@code ids} when not null), or -1. */
    private double best(float[] v, String status, List<Long> ids) {
        double[] max = {-1};
        store.scan(ids, status, (id, blob) -> max[0] = Math.max(max[0], Vectors.dot(v, blob)));
        return max[0];
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) s += a[i] * b[i];
        return s;
    }

    /** Longest category kept, in characters; the model's category is lower-cased and cut there. */
    static final int MAX_CATEGORY_CHARS = 32;

    private static String category(String c) {
        if (c == null || c.isBlank()) return "other";
        String t = c.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_ -]", "");
        if (t.isEmpty()) return "other";
        return t.length() > MAX_CATEGORY_CHARS ? t.substring(0, MAX_CATEGORY_CHARS) : t;
    }

    /** Returns true while the embedding model is in memory. */
    public boolean modelLoaded() {
        return embedder.loaded();
    }

    /** A model used within this long is in active use and is not unloaded by {@link #shed()}. */
    public static final java.time.Duration SHED_IDLE = java.time.Duration.ofSeconds(60);

    /**
     * Frees what can be rebuilt: the query-embedding cache, and the embedding model when it has been idle
     * for {@link #SHED_IDLE} (loaded again on the next use; a model in active use would only be loaded
     * again by the next turn). The memory monitor calls this at {@code daemon.memory_warn_mb}.
     */
    public void shed() {
        queries.invalidateAll();
        queries.cleanUp();
        embedder.unloadIfIdleFor(SHED_IDLE);
    }
}
