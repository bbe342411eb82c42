package io.blufio.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Hybrid retrieval: a keyword ranking (FTS5 BM25 over {@link FtsQuery}) and a meaning ranking (cosine
 * similarity of embeddings, streamed from the database in batches and kept as a bounded top-N heap) are
 * fused by weighted reciprocal rank fusion, score(d) = sum over rankings of w / (k + rank(d)), ranks from 1
 * (Cormack, Clarke, Buettcher: "Reciprocal Rank Fusion outperforms Condorcet and individual Rank Learning
 * Methods", SIGIR 2009). The default {@link #TUNED} fusion (k = 1, keyword weight 0.25) was chosen on the
 * retrieval benchmark; facts under the {@code memory.min_similarity} floor are left out of the meaning ranking,
 * while a keyword match still counts, since a shared rare word is evidence on its own.
 */
final class HybridSearch {
    /** The k of reciprocal rank fusion (Cormack et al. 2009). */
    static final int RRF_K = 60;
    /** Candidates taken from each ranking per result asked for (at least {@link #MIN_CANDIDATES}). */
    static final int CANDIDATES_PER_RESULT = 4;
    /** Candidates taken from each ranking at least. */
    static final int MIN_CANDIDATES = 20;

    /**
     * How the two rankings are fused.
     *
     * @param k the k of reciprocal rank fusion
     * @param keywordWeight weight of the keyword ranking's 1/(k + rank) against 1 for the meaning ranking
     * @param keywordFloor true: a keyword match counts only when its cosine similarity reaches the floor too
     *     ({@code memory.min_similarity}); false: every keyword match counts
     */
    record Fusion(int k, double keywordWeight, boolean keywordFloor) {}

    /** The fusion of the first pipeline: plain RRF, k = 60, equal weights, every keyword match counts. */
    static final Fusion PLAIN_RRF = new Fusion(RRF_K, 1.0, false);
    /**
     * The fusion tuned on the retrieval benchmark ({@code bench/retrieval.sh}, README "Long-term memory"): k = 1,
     * so the meaning ranking's first places stay apart; keyword ranks weigh a quarter. Plain RRF let any keyword
     * match (a shared common word) outrank the best meaning match. Requiring keyword matches to pass the similarity
     * floor too scored the same on the benchmark, so a shared rare word (a name, a number) still counts on its own.
     */
    static final Fusion TUNED = new Fusion(1, 0.25, false);

    private final MemoryStore store;
    private final Fusion fusion;

    HybridSearch(MemoryStore store) {
        this(store, TUNED);
    }

    HybridSearch(MemoryStore store, Fusion fusion) {
        this.store = store;
        this.fusion = fusion;
    }

    /** Returns up to {@code limit} facts, best first; {@code queryVector} is the query's unit embedding. */
    List<MemoryHit> search(String query, float[] queryVector, int limit, double minSimilarity) {
        if (limit <= 0) return List.of();
        int n = Math.max(MIN_CANDIDATES, limit * CANDIDATES_PER_RESULT);
        List<Long> keywordAll = FtsQuery.of(query).map(q -> store.keywordSearch(q, n)).orElse(List.of());
        Map<Long, Double> similarity = new HashMap<>();
        List<Long> meaning = topByCosine(queryVector, n, minSimilarity, similarity);
        List<Long> missing = keywordAll.stream().filter(id -> !similarity.containsKey(id)).toList();
        if (!missing.isEmpty()) store.scan(missing, (id, blob) -> similarity.put(id, Vectors.dot(queryVector, blob)));
        List<Long> keyword = keywordAll.stream().filter(id -> !fusion.keywordFloor() || similarity.getOrDefault(id, -1.0) >= minSimilarity).toList();

        Map<Long, Double> fused = new HashMap<>();
        for (int i = 0; i < meaning.size(); i++) fused.merge(meaning.get(i), 1.0 / (fusion.k() + i + 1), Double::sum);
        for (int i = 0; i < keyword.size(); i++) fused.merge(keyword.get(i), fusion.keywordWeight() / (fusion.k() + i + 1), Double::sum);

        List<Long> ranked = new ArrayList<>(fused.keySet());
        ranked.sort(Comparator.<Long>comparingDouble(fused::get).reversed()
                .thenComparing(Comparator.<Long>comparingDouble(id -> similarity.getOrDefault(id, -1.0)).reversed()));
        Map<Long, Memory> facts = store.load(ranked);  // at most 2n rows; superseded and forgotten ones are skipped here
        Set<Long> keywordSet = new HashSet<>(keyword);
        List<MemoryHit> out = new ArrayList<>();
        for (Long id : ranked) {
            if (out.size() >= limit) break;
            Memory m = facts.get(id);
            if (m != null && m.status().equals(Memory.ACTIVE)) out.add(new MemoryHit(m, fused.get(id), similarity.getOrDefault(id, 0.0), keywordSet.contains(id)));
        }
        return out;
    }

    /** Returns the ids of the {@code n} most similar active facts at or above {@code floor}, best first. */
    private List<Long> topByCosine(float[] q, int n, double floor, Map<Long, Double> similarity) {
        record Scored(long id, double sim) {}
        PriorityQueue<Scored> heap = new PriorityQueue<>(Comparator.comparingDouble(Scored::sim));
        store.scan(null, (id, blob) -> {
            double sim = Vectors.dot(q, blob);
            if (sim < floor) return;
            if (heap.size() < n) {
                heap.add(new Scored(id, sim));
            } else if (sim > heap.peek().sim()) {
                heap.poll();
                heap.add(new Scored(id, sim));
            }
        });
        List<Scored> best = new ArrayList<>(heap);
        best.sort(Comparator.comparingDouble(Scored::sim).reversed());
        best.forEach(s -> similarity.put(s.id(), s.sim()));
        return best.stream().map(Scored::id).toList();
    }
}
