package io.blufio.memory;

/**
 * One search result.
 *
 * @param memory the fact found
 * @param score reciprocal-rank-fusion score: the sum of 1/(60 + rank) over the rankings (BM25, cosine)
 *     that found it; higher is better, at most 2/61
 * @param similarity cosine similarity of the fact to the query, -1..1
 * @param keywordMatch true when full-text search (BM25) found it too
 */
public record MemoryHit(Memory memory, double score, double similarity, boolean keywordMatch) {}
