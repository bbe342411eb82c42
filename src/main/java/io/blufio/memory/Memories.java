package io.blufio.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.blufio.config.MemoryConfig;
import io.blufio.store.Database;
import java.time.Clock;
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

    private final MemoryStore store;
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
        this.search = new HybridSearch(store);
        this.embedder = embedder;
        this.cfg = cfg;
        this.clock = clock;
        this.queries = Caffeine.newBuilder().maximumSize(cfg.cacheEntries()).build();
    }

    /**
     * Saves {@code text} (trimmed) with its embedding.
     *
     * @param source who saves it, e.g. {@code cli} or {@code tool:api:cli}
     * @throws MemoryException {@code memory_invalid} when blank or longer than {@link #MAX_TEXT_CHARS},
     *     {@code embedding_failed} when the model cannot run
     */
    public Memory add(String text, String source) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) throw new MemoryException("memory_invalid", "the fact is empty: give the text to remember");
        if (t.length() > MAX_TEXT_CHARS) {
            throw new MemoryException("memory_invalid", "the fact has " + t.length() + " characters; the limit is "
                    + MAX_TEXT_CHARS + ": save a shorter statement");
        }
        return store.insert(t, embedder.embed(t), source, clock.instant());
    }

    /** Returns up to {@code limit} facts for {@code query}, best first, above {@code memory.min_similarity}. */
    public List<MemoryHit> search(String query, int limit) {
        if (query == null || query.isBlank()) return List.of();
        String q = query.strip();
        // a long text (a pasted page) is embedded without being kept as a cache key: it is seldom asked again,
        // and 1,024 of them would hold megabytes of heap (the embedding reads only its first 128 tokens anyway)
        float[] vector = q.length() > MAX_TEXT_CHARS ? embedder.embed(q) : queries.get(q, embedder::embed);
        return search.search(q, vector, limit, cfg.minSimilarity());
    }

    /** Returns the {@code memory.max_results} facts most relevant to {@code text} (empty when disabled). */
    public List<MemoryHit> relevant(String text) {
        if (!cfg.enabled() || cfg.maxResults() == 0) return List.of();
        return search(text, cfg.maxResults());
    }

    /** Returns up to {@code limit} facts, newest first. */
    public List<Memory> list(int limit) {
        return store.list(limit);
    }

    /** Deletes fact {@code id}; returns false when there was none. */
    public boolean forget(long id) {
        return store.delete(id);
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
