package io.blufio.config;

/**
 * {@code [memory]}: long-term memory and its local embedding model.
 *
 * @param enabled use long-term memory
 * @param embeddingModel embedding model id
 * @param maxResults facts put into each turn's context at most
 * @param minSimilarity cosine similarity floor, 0..1 (0.20: tuned on bench/retrieval.sh)
 * @param cacheEntries query embeddings kept in the cache at most
 * @param unloadAfterIdleS seconds without use after which the model is unloaded
 * @param extraction learn durable facts from conversations by itself (SPEC section 16)
 * @param extractAfterIdleS seconds a session must be idle before its new messages are read for facts
 */
public record MemoryConfig(Boolean enabled, String embeddingModel, Integer maxResults, Double minSimilarity,
        Integer cacheEntries, Integer unloadAfterIdleS, Boolean extraction, Integer extractAfterIdleS) {
    public MemoryConfig {
        enabled = Check.or(enabled, Boolean.TRUE);
        embeddingModel = Check.oneOf("memory.embedding_model", Check.or(embeddingModel, "all-minilm-l6-v2-q"), "all-minilm-l6-v2-q");
        maxResults = Check.between("memory.max_results", Check.or(maxResults, 8), 0, 100);
        minSimilarity = Check.between("memory.min_similarity", Check.or(minSimilarity, 0.20), 0.0, 1.0);
        cacheEntries = Check.atLeast("memory.cache_entries", Check.or(cacheEntries, 1024), 0);
        unloadAfterIdleS = Check.atLeast("memory.unload_after_idle_s", Check.or(unloadAfterIdleS, 600), 1);
        extraction = Check.or(extraction, Boolean.TRUE);
        extractAfterIdleS = Check.atLeast("memory.extract_after_idle_s", Check.or(extractAfterIdleS, 300), 1);
    }

    /** Returns {@code extract_after_idle_s} as a duration. */
    public java.time.Duration extractAfterIdle() {
        return java.time.Duration.ofSeconds(extractAfterIdleS);
    }
}
