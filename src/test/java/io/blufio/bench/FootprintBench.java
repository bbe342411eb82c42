package io.blufio.bench;

import io.blufio.fixtures.FakeAnthropicServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Footprint benchmark (issue 14): where every megabyte of {@code serve} goes (see {@link Footprint}), with
 * the real launcher and JVM flags plus {@code -XX:NativeMemoryTracking=summary}, API key set, memory on and
 * otherwise default settings, in three phases: idle with the model never loaded; after {@code turns} turns
 * (every fifth one a {@code memory_save} tool call, each one embedded for the memory context); after the model
 * was unloaded again ({@code memory.unload_after_idle_s} is set to {@link #UNLOAD_S} for that, so the wait is
 * short). Each phase waits {@link #SETTLE_S} s first, one native-heap trim interval of the launcher.
 * Usage: bench/footprint.sh [turns, default 30; 0 = the idle reading only] [big message KiB, default 0 = none];
 * {@code FOOTPRINT_NO_KEY=1} leaves the API key unset (what the LLM adapter costs idle).
 */
public final class FootprintBench {
    /** {@code memory.unload_after_idle_s} of the bench daemon, seconds. */
    static final int UNLOAD_S = 60;
    /** Wait before each reading, seconds: the launcher's -XX:TrimNativeHeapInterval is 30 s. */
    static final int SETTLE_S = 35;

    static final String[] TOPICS = {"what should I cook tonight with leeks and potatoes?", "remind me how to renew the TLS certificate",
        "my sister's birthday is on the 14th of March", "which train goes from Lyon to Geneva in the morning?",
        "summarise the plot of The Left Hand of Darkness in three lines", "how much is 17 % of 2,340 euros?",
        "I prefer answers in short bullet points", "what is the capital of Mongolia and its population?",
        "draft a polite note declining a meeting on Friday", "the Wi-Fi password at the cabin is on the fridge"};

    public static void main(String[] args) throws Exception {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int bigKib = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Path launcher = Path.of(System.getProperty("blufio.launcher"));
        Path tmp = Files.createTempDirectory("blufio-footprint");
        Map<String, String> env = new HashMap<>(Map.of("BLUFIO_AGENT__LOG_LEVEL", "warn",
                "BLUFIO_MEMORY__UNLOAD_AFTER_IDLE_S", Integer.toString(UNLOAD_S),
                "JAVA_OPTS", (System.getenv().getOrDefault("JAVA_OPTS", "") + " -XX:NativeMemoryTracking=summary").trim()));
        try (FakeAnthropicServer llm = new FakeAnthropicServer()) {
            boolean noKey = System.getenv("FOOTPRINT_NO_KEY") != null;  // to measure what the LLM adapter costs idle
            if (!noKey) env.put("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY);
            env.put("BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url());
            try (BenchDaemon d = new BenchDaemon(launcher, tmp.resolve("data"), env)) {
                for (int i = 0; i < 3; i++) d.memory();  // a status poll or two, as a user would
                Thread.sleep(SETTLE_S * 1000L);
                report(d, tmp, "idle, model never loaded (" + (noKey ? "no API key" : "API key set") + ", after /v1/health calls)");
                if (turns == 0) return;

                int failed = 0;
                for (int i = 0; i < turns; i++) {
                    if (i % 5 == 0) {
                        llm.enqueueToolUse("memory_save", "{\"text\":\"fact " + i + ": " + TOPICS[i % TOPICS.length] + "\"}");
                        llm.enqueueText("Noted.");
                    }
                    if (!d.turn("s" + (i % 3), "turn " + i + ": " + TOPICS[i % TOPICS.length])) failed++;
                }
                if (failed > 0) System.out.println("  (" + failed + " turns failed)");
                var health = d.health();
                Thread.sleep(SETTLE_S * 1000L);
                report(d, tmp, "after " + turns + " turns with memory on (" + turns / 5 + " memory_save calls); /health then: " + health);

                if (bigKib > 0) {
                    StringBuilder sb = new StringBuilder();
                    while (sb.length() < bigKib * 1024) sb.append(TOPICS[sb.length() % TOPICS.length]).append(' ');
                    long t0 = System.nanoTime();
                    boolean ok = d.turn("big", sb.substring(0, bigKib * 1024 - 64));
                    long peak = peakRss(d.pid());
                    System.out.printf("%n%d KiB message: %s in %.1f s; RSS high-water mark (VmHWM) %.1f MB; /health %s%n", bigKib,
                            ok ? "answered" : "refused", (System.nanoTime() - t0) / 1e9, peak / 1048576.0, d.health());
                    int refused = 0;
                    for (int i = 0; i < 5; i++) if (!d.turn("after-big-" + i, "hello again")) refused++;
                    System.out.println("new sessions refused right after it: " + refused + " of 5");
                    Thread.sleep(SETTLE_S * 1000L);
                    report(d, tmp, "after the " + bigKib + " KiB message; /health " + d.health());
                }

                if (System.getenv("FOOTPRINT_HISTO") != null) {  // what the live heap holds, largest first
                    Footprint.jcmd(d.pid(), "GC.run");
                    Footprint.jcmd(d.pid(), "GC.class_histogram").lines().limit(28).forEach(System.out::println);
                }
                if (System.getenv("FOOTPRINT_QUICK") != null) return;  // comparing flags: idle and used readings only
                long deadline = System.nanoTime() + (UNLOAD_S + 60) * 1_000_000_000L;
                while (d.embeddingLoaded() && System.nanoTime() < deadline) Thread.sleep(1000);
                Thread.sleep(SETTLE_S * 1000L);
                report(d, tmp, "model unloaded again (after " + UNLOAD_S + " s idle)");
            }
        }
    }

    private static void report(BenchDaemon d, Path tmp, String phase) throws Exception {
        Footprint fp = Footprint.of(d.pid());
        List<String> extra = new ArrayList<>();
        long db = 0;
        try (Stream<Path> files = Files.list(tmp.resolve("data"))) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith("blufio.db")).toList()) db += Files.size(p);
        }
        extra.add(String.format("database files %.1f MB: SQLite page cache at most 3 connections x min(cache_size, that)", db / 1048576.0));
        var mem = d.memory();
        extra.add(String.format("daemon's own reading: rss %.1f MB, heap used %.1f MB, heap after GC %.1f MB, pressure %d",
                mem.path("rss_bytes").asLong() / 1048576.0, mem.path("heap_used_bytes").asLong() / 1048576.0,
                mem.path("heap_after_gc_bytes").asLong() / 1048576.0, mem.path("pressure").asInt()));
        fp.print(phase, extra);
    }

    static long peakRss(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
        return -1;
    }
}
