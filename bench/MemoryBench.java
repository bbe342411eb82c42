import io.blufio.config.MemoryConfig;
import io.blufio.memory.Memories;
import io.blufio.memory.OnnxEmbedder;
import io.blufio.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

/**
 * Memory benchmark, run by hand through bench/memory.sh (not part of the test suite): embedding latency
 * per sentence, then search latency (hybrid: FTS5 BM25 + cosine over streamed vectors + RRF) over N
 * stored facts (default 10,000). Prints milliseconds; the query embedding is timed separately.
 */
public final class MemoryBench {
    private static final String[] WORDS = ("cat dog garden server backup invoice train berlin coffee sister birthday debian "
            + "football piano recipe tomato mortgage dentist flight hotel meeting project deadline python java budget "
            + "holiday mountain river bicycle library museum concert doctor insurance passport laptop phone").split(" ");

    public static void main(String[] args) throws Exception {
        int facts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Files.createTempDirectory("blufio-bench");
        Random rnd = new Random(42);
        try (Database db = Database.open(dir.resolve("blufio.db"));
                OnnxEmbedder embedder = new OnnxEmbedder(dir, Duration.ofSeconds(600), System::nanoTime)) {
            Memories mem = new Memories(db, embedder, new MemoryConfig(null, null, 8, null, 0, null, null, null), Clock.systemUTC());
            long t0 = System.nanoTime();
            embedder.embed("warm up: the first call loads the model");
            System.out.printf("model load + first embedding: %.0f ms%n", (System.nanoTime() - t0) / 1e6);
            double[] embed = new double[500];
            for (int i = 0; i < embed.length; i++) {
                String s = sentence(rnd);
                long t = System.nanoTime();
                embedder.embed(s);
                embed[i] = (System.nanoTime() - t) / 1e6;
            }
            System.out.printf("embedding latency per sentence (%d sentences of 8-14 words): %s%n", embed.length, stats(embed));
            long t1 = System.nanoTime();
            for (int i = 0; i < facts; i++) mem.add(sentence(rnd), "bench");
            System.out.printf("stored %,d facts in %.1f s%n", facts, (System.nanoTime() - t1) / 1e9);
            double[] search = new double[100];
            for (int i = 0; i < search.length; i++) {
                String q = "what about my " + WORDS[rnd.nextInt(WORDS.length)] + " and the " + WORDS[rnd.nextInt(WORDS.length)] + " " + i;
                long t = System.nanoTime();
                mem.search(q, 8);
                search[i] = (System.nanoTime() - t) / 1e6;
            }
            System.out.printf("search latency over %,d facts, incl. query embedding (%d queries): %s%n", facts, search.length, stats(search));
            System.out.printf("database size: %.1f MB%n", Files.size(dir.resolve("blufio.db")) / 1e6);
        }
    }

    private static String sentence(Random rnd) {
        StringBuilder sb = new StringBuilder("The");
        for (int i = 0, n = 8 + rnd.nextInt(7); i < n; i++) sb.append(' ').append(WORDS[rnd.nextInt(WORDS.length)]);
        return sb.append('.').toString();
    }

    private static String stats(double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        return String.format("mean %.2f ms, p50 %.2f ms, p95 %.2f ms", Arrays.stream(s).average().orElse(0), s[s.length / 2], s[(int) (s.length * 0.95)]);
    }
}
