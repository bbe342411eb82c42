package io.blufio.memory;

/**
 * One search result.
 *
 * @param memory the fact found
 * @param score weighted reciprocal-rank-fusion score: 1/(k + rank) of the cosine ranking plus 0.25/(k + rank) of
 *     the BM25 ranking that found it (k = 1, {@code HybridSearch.TUNED}); higher is better, at most 0.625
 * @param similarity cosine similarity of the fact to the query, -1..1
 * @param keywordMatch true when full-text search (BM25) found it too
 */
public record MemoryHit(Memory memory, double score, double similarity, boolean keywordMatch) {}
