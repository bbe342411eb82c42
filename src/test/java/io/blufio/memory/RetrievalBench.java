package io.blufio.memory;

import io.blufio.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Retrieval benchmark (issue 16), run by hand through {@code bench/retrieval.sh}, not part of the suite. Loads the
 * fact/query pairs of {@code bench/retrieval/pairs.tsv} and the distractor facts of {@code distractors.tsv} into a
 * fresh SQLite database through the real memory store (FTS5 index included), then asks every query through
 * {@link HybridSearch} and prints recall@1, recall@5 and MRR (over the top 10) for subsets of the pairs:
 * <ul>
 *   <li>{@code no-shared-word}: the query shares no word with its fact after FTS5's porter stemming and blufio's
 *       stop words (decided by SQLite itself: the keyword query does not match the fact);</li>
 *   <li>{@code distractor}: some distractor fact shares a word with the query;</li>
 *   <li>{@code follow-up}: the query is vague and its previous user turn says what it is about.</li>
 * </ul>
 * Usage: {@code RetrievalBench quality MODEL} prints a table of pipeline variants (floors, fusions, query sides);
 * {@code RetrievalBench footprint MODEL} prints load time, embedding time and RSS. MODEL is {@code minilm} (the
 * bundled all-MiniLM-L6-v2-q) or {@code bge} (bge-small-en-v1.5-q, test dependency).
 */
public final class RetrievalBench {
    /** Results looked at per query (MRR counts a fact found below this rank as not found). */
    static final int TOP = 10;

    record Pair(String fact, String query, String previous) {}

    record Variant(String name, double minSimilarity, HybridSearch.Fusion fusion, QuerySide side) {}

    /** How the query text and vector are formed from the current message and the previous user turn. */
    enum QuerySide { CURRENT, CONCAT_PREVIOUS, BLEND_PREVIOUS, BLEND_PREVIOUS_QUARTER, GATED_PREVIOUS, THIRD_PERSON, THIRD_PERSON_GATED }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "quality";
        String model = args.length > 1 ? args[1] : "minilm";
        Path root = Path.of(System.getProperty("bench.dir", "bench/retrieval"));
        List<Pair> pairs = pairs(root.resolve("pairs.tsv"));
        List<String> distractors = lines(root.resolve("distractors.tsv"));
        Path tmp = Files.createTempDirectory("blufio-retrieval");
        if (mode.equals("footprint")) {
            footprint(model, tmp, pairs, distractors);
        } else {
            quality(model, tmp, pairs, distractors);
        }
    }

    static Embedder open(String model, Path dir) throws Exception {
        return switch (model) {
            case "minilm" -> new OnnxEmbedder(dir, java.time.Duration.ofHours(1), System::nanoTime);
            case "bge", "bge-plain" -> BenchModel.bgeSmall(dir.resolve("models").resolve("bge-small-en-v1.5-q"));
            default -> throw new IllegalArgumentException("model must be minilm, bge or bge-plain (no query instruction), got " + model);
        };
    }

    private static void quality(String model, Path tmp, List<Pair> pairs, List<String> distractors) throws Exception {
        Embedder embedder = open(model, tmp);
        Function<String, String> queryPrefix = model.equals("bge") ? q -> BenchModel.BGE_QUERY_INSTRUCTION + q : q -> q;
        try (Database db = Database.open(tmp.resolve("bench.db"))) {
            MemoryStore store = new MemoryStore(db);
            Map<String, Long> ids = new LinkedHashMap<>();
            Instant now = Instant.EPOCH;
            for (Pair p : pairs) ids.computeIfAbsent(p.fact(), f -> store.insert(f, embedder.embed(f), "bench", now).id());
            for (String d : distractors) ids.computeIfAbsent(d, f -> store.insert(f, embedder.embed(f), "bench", now).id());
            List<Long> distractorIds = distractors.stream().map(ids::get).toList();

            // an unrelated previous turn for pairs that have none: a topic change, so the query side pays for blending
            Random rnd = new Random(16);
            List<String> previous = new ArrayList<>();
            for (Pair p : pairs) previous.add(p.previous() != null ? p.previous() : pairs.get(rnd.nextInt(pairs.size())).query());

            Map<String, List<Integer>> subsets = new LinkedHashMap<>();
            for (String s : List.of("all", "no-shared-word", "shared-word", "distractor", "follow-up")) subsets.put(s, new ArrayList<>());
            for (int i = 0; i < pairs.size(); i++) {
                Pair p = pairs.get(i);
                subsets.get("all").add(i);
                boolean follow = p.previous() != null;
                if (follow) subsets.get("follow-up").add(i);
                boolean shares = matches(db, ids.get(p.fact()), p.query());
                if (!follow) subsets.get(shares ? "shared-word" : "no-shared-word").add(i);
                final String q = p.query();
                if (distractorIds.stream().anyMatch(d -> matches(db, d, q))) subsets.get("distractor").add(i);
            }
            System.out.printf(Locale.ROOT, "model %s: %d facts (%d pairs, %d distractors); subsets: %s%n", model, ids.size(), pairs.size(),
                    distractors.size(), sizes(subsets));

            HybridSearch.Fusion tuned = HybridSearch.TUNED;
            List<Variant> variants = List.of(
                    new Variant("baseline: floor 0.35, RRF k=60", 0.35, HybridSearch.PLAIN_RRF, QuerySide.CURRENT),
                    new Variant("floor 0.30, RRF k=60", 0.30, HybridSearch.PLAIN_RRF, QuerySide.CURRENT),
                    new Variant("floor 0.25, RRF k=60", 0.25, HybridSearch.PLAIN_RRF, QuerySide.CURRENT),
                    new Variant("floor 0.25, cosine only", 0.25, new HybridSearch.Fusion(60, 0.0, false), QuerySide.CURRENT),
                    new Variant("floor 0.20, cosine only", 0.20, new HybridSearch.Fusion(60, 0.0, false), QuerySide.CURRENT),
                    new Variant("floor 0.25, RRF kw x0.25 needs sim>=floor", 0.25, new HybridSearch.Fusion(60, 0.25, true), QuerySide.CURRENT),
                    new Variant("floor 0.25, RRF k=1 kw x0.25 sim>=floor", 0.25, new HybridSearch.Fusion(1, 0.25, true), QuerySide.CURRENT),
                    new Variant("floor 0.25, RRF k=1 kw x0.5 sim>=floor", 0.25, new HybridSearch.Fusion(1, 0.5, true), QuerySide.CURRENT),
                    new Variant("floor 0.25, RRF k=5 kw x0.5 sim>=floor", 0.25, new HybridSearch.Fusion(5, 0.5, true), QuerySide.CURRENT),
                    new Variant("floor 0.20, RRF k=1 kw x0.25 sim>=floor", 0.20, new HybridSearch.Fusion(1, 0.25, true), QuerySide.CURRENT),
                    new Variant("tuned fusion, +previous turn text", 0.25, tuned, QuerySide.CONCAT_PREVIOUS),
                    new Variant("tuned fusion, blend previous x0.5", 0.25, tuned, QuerySide.BLEND_PREVIOUS),
                    new Variant("tuned fusion, previous text when vague", 0.25, tuned, QuerySide.GATED_PREVIOUS),
                    new Variant("tuned fusion, third person", 0.25, tuned, QuerySide.THIRD_PERSON),
                    new Variant("floor 0.20, k=1 kw x0.25 any match, previous when vague", 0.20, new HybridSearch.Fusion(1, 0.25, false), QuerySide.GATED_PREVIOUS),
                    new Variant("defaults now: floor 0.20, tuned, previous when vague", 0.20, tuned, QuerySide.GATED_PREVIOUS));
            System.out.printf(Locale.ROOT, "%-52s %-15s %6s %6s %6s%n", "variant", "subset", "R@1", "R@5", "MRR");
            Map<String, float[]> cache = new HashMap<>();
            Function<String, float[]> vec = t -> cache.computeIfAbsent(t, x -> embedder.embed(queryPrefix.apply(x)));
            for (Variant v : variants) {
                HybridSearch search = new HybridSearch(store, v.fusion());
                int[] ranks = new int[pairs.size()];
                for (int i = 0; i < pairs.size(); i++) {
                    Pair p = pairs.get(i);
                    String text = p.query();
                    float[] qv = vec.apply(p.query());
                    switch (v.side()) {
                        case CONCAT_PREVIOUS -> {
                            text = previous.get(i) + "\n" + p.query();
                            qv = vec.apply(text);
                        }
                        case BLEND_PREVIOUS -> qv = blend(qv, vec.apply(previous.get(i)), 0.5);
                        case BLEND_PREVIOUS_QUARTER -> qv = blend(qv, vec.apply(previous.get(i)), 0.25);
                        case GATED_PREVIOUS -> {
                            text = QueryText.withContext(p.query(), previous.get(i));
                            qv = vec.apply(text);
                        }
                        case THIRD_PERSON -> qv = vec.apply(thirdPerson(p.query()));
                        case THIRD_PERSON_GATED -> {
                            text = QueryText.withContext(p.query(), previous.get(i));
                            qv = vec.apply(thirdPerson(text));
                        }
                        default -> { }
                    }
                    List<MemoryHit> hits = search.search(text, qv, TOP, v.minSimilarity());
                    long want = ids.get(p.fact());
                    ranks[i] = 0;
                    for (int r = 0; r < hits.size(); r++) {
                        if (hits.get(r).memory().id() == want) {
                            ranks[i] = r + 1;
                            break;
                        }
                    }
                }
                for (Map.Entry<String, List<Integer>> s : subsets.entrySet()) {
                    if (s.getValue().isEmpty()) continue;
                    double r1 = 0, r5 = 0, mrr = 0;
                    for (int i : s.getValue()) {
                        if (ranks[i] == 1) r1++;
                        if (ranks[i] >= 1 && ranks[i] <= 5) r5++;
                        if (ranks[i] >= 1) mrr += 1.0 / ranks[i];
                    }
                    int n = s.getValue().size();
                    System.out.printf(Locale.ROOT, "%-52s %-15s %6.3f %6.3f %6.3f%n", v.name(), s.getKey(), r1 / n, r5 / n, mrr / n);
                }
                if (System.getProperty("bench.misses") != null && v == variants.get(Integer.getInteger("bench.misses"))) {
                    for (int i = 0; i < pairs.size(); i++) if (ranks[i] != 1) System.out.printf("  miss (rank %d): %s -> %s%n", ranks[i], pairs.get(i).query(), pairs.get(i).fact());
                }
            }
        }
        if (embedder instanceof AutoCloseable c) c.close();
    }

    private static final java.util.regex.Pattern FIRST_PERSON = java.util.regex.Pattern.compile(
            "\\b(i'm|i am|i've|i have|am i|have i|do i|i|me|my|mine|myself)\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** Returns {@code text} with the first person turned into "the user", for the embedding only. */
    static String thirdPerson(String text) {
        java.util.regex.Matcher m = FIRST_PERSON.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String repl = switch (m.group(1).toLowerCase(Locale.ROOT)) {
                case "i'm", "i am", "am i" -> "the user is";
                case "i've", "i have", "have i" -> "the user has";
                case "do i" -> "does the user";
                case "my", "mine" -> "the user's";
                default -> "the user";
            };
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(repl));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static float[] blend(float[] a, float[] b, double wb) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) out[i] = (float) (a[i] + wb * b[i]);
        return Vectors.normalize(out);
    }

    /** True when blufio's keyword query for {@code query} matches fact {@code id} in FTS5. */
    private static boolean matches(Database db, long id, String query) {
        return FtsQuery.of(query).map(q -> db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM memories_fts WHERE memories_fts MATCH ? AND rowid = ?")) {
                ps.setString(1, q);
                ps.setLong(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        })).orElse(false);
    }

    private static void footprint(String model, Path tmp, List<Pair> pairs, List<String> distractors) throws Exception {
        List<String> texts = new ArrayList<>();
        pairs.forEach(p -> texts.add(p.fact()));
        pairs.forEach(p -> texts.add(p.query()));
        texts.addAll(distractors);
        long rss0 = rssKb();
        long t0 = System.nanoTime();
        Embedder e = open(model, tmp);
        e.embed("warm up: the first call loads the model");
        double loadMs = (System.nanoTime() - t0) / 1e6;
        long rssLoaded = rssKb();
        double[] ms = new double[texts.size()];
        for (int round = 0; round < 2; round++) {  // the first round warms the JIT; the second is timed
            for (int i = 0; i < texts.size(); i++) {
                long t = System.nanoTime();
                e.embed(texts.get(i));
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
        }
        long rssAfter = rssKb();
        double[] sorted = ms.clone();
        java.util.Arrays.sort(sorted);
        double mean = java.util.Arrays.stream(ms).average().orElse(0);
        System.out.printf(Locale.ROOT, "model %s: load + first embedding %.0f ms; %d texts: mean %.2f ms, p50 %.2f ms, p95 %.2f ms a text; "
                        + "RSS before %.1f MB, loaded %.1f MB (+%.1f), after %d embeddings %.1f MB (+%.1f)%n",
                model, loadMs, texts.size(), mean, sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.95)], rss0 / 1024.0,
                rssLoaded / 1024.0, (rssLoaded - rss0) / 1024.0, texts.size() * 2, rssAfter / 1024.0, (rssAfter - rss0) / 1024.0);
        if (e instanceof AutoCloseable c) c.close();
    }

    private static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }

    private static String sizes(Map<String, List<Integer>> subsets) {
        StringBuilder sb = new StringBuilder();
        subsets.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append(' ').append(v.size()));
        return sb.toString();
    }

    static List<Pair> pairs(Path file) throws Exception {
        List<Pair> out = new ArrayList<>();
        for (String line : lines(file)) {
            String[] f = line.split("\t");
            out.add(new Pair(f[0].strip(), f[1].strip(), f.length > 2 && !f[2].isBlank() ? f[2].strip() : null));
        }
        return out;
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }
}
