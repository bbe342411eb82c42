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
 * fused by reciprocal rank fusion, score(d) = sum over rankings of 1 / (k + rank(d)) with k = 60 and
 * ranks from 1 (Cormack, Clarke, Buettcher: "Reciprocal Rank Fusion outperforms Condorcet and individual
 * Rank Learning Methods", SIGIR 2009). Facts under the {@code memory.min_similarity} floor are left out of
 * the meaning ranking; a keyword match still counts, since a shared rare word is evidence on its own.
 */
final class HybridSearch {
    /** The k of reciprocal rank fusion (Cormack et al. 2009). */
    static final int RRF_K = 60;
    /** Candidates taken from each ranking per result asked for (at least {@link #MIN_CANDIDATES}). */
    static final int CANDIDATES_PER_RESULT = 4;
    /** Candidates taken from each ranking at least. */
    static final int MIN_CANDIDATES = 20;

    private final MemoryStore store;

    HybridSearch(MemoryStore store) {
        this.store = store;
    }

    /** Returns up to {@code limit} facts, best first; {@code queryVector} is the query's unit embedding. */
    List<MemoryHit> search(String query, float[] queryVector, int limit, double minSimilarity) {
        if (limit <= 0) return List.of();
        int n = Math.max(MIN_CANDIDATES, limit * CANDIDATES_PER_RESULT);
        List<Long> keyword = FtsQuery.of(query).map(q -> store.keywordSearch(q, n)).orElse(List.of());
        Map<Long, Double> similarity = new HashMap<>();
        List<Long> meaning = topByCosine(queryVector, n, minSimilarity, similarity);

        Map<Long, Double> fused = new HashMap<>();
        for (int i = 0; i < meaning.size(); i++) fused.merge(meaning.get(i), 1.0 / (RRF_K + i + 1), Double::sum);
        for (int i = 0; i < keyword.size(); i++) fused.merge(keyword.get(i), 1.0 / (RRF_K + i + 1), Double::sum);
        List<Long> missing = keyword.stream().filter(id -> !similarity.containsKey(id)).toList();
        if (!missing.isEmpty()) store.scan(missing, (id, blob) -> similarity.put(id, Vectors.dot(queryVector, blob)));

        List<Long> ranked = new ArrayList<>(fused.keySet());
        ranked.sort(Comparator.<Long>comparingDouble(fused::get).reversed()
                .thenComparing(Comparator.<Long>comparingDouble(id -> similarity.getOrDefault(id, -1.0)).reversed()));
        List<Long> top = ranked.subList(0, Math.min(limit, ranked.size()));
        Map<Long, Memory> facts = store.load(top);
        Set<Long> keywordSet = new HashSet<>(keyword);
        List<MemoryHit> out = new ArrayList<>();
        for (Long id : top) {
            Memory m = facts.get(id);
            if (m != null && m.status().equals("active")) out.add(new MemoryHit(m, fused.get(id), similarity.getOrDefault(id, 0.0), keywordSet.contains(id)));
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
