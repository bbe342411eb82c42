package io.blufio.bench;

import io.blufio.fixtures.FakeAnthropicServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load benchmark (issue 6b): {@code sessions} concurrent sessions send {@code turns} turns in all through a
 * real daemon to a zero-latency loopback Anthropic stand-in. Prints turns/s, agent overhead per turn
 * (p50/p99 of turn time minus LLM wait, from the daemon's histogram), and RSS and heap after GC every 10 s.
 * Usage: bench/load.sh [turns] [sessions]. Not part of the test suite.
 */
public final class LoadBench {
    public static void main(String[] args) throws Exception {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path launcher = Path.of(System.getProperty("blufio.launcher"));
        Path tmp = Files.createTempDirectory("blufio-load");
        try (FakeAnthropicServer llm = new FakeAnthropicServer();
             BenchDaemon d = new BenchDaemon(launcher, tmp.resolve("data"), Map.of(
                     "ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY, "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(),
                     "BLUFIO_AGENT__LOG_LEVEL", "warn", "BLUFIO_AGENT__HISTORY_TURNS", "10",
                     "BLUFIO_MEMORY__ENABLED", System.getProperty("blufio.memory", "false")))) {
            System.out.printf("load: %d turns over %d sessions, pid %d, idle RSS %.1f MB%n", turns, sessions, d.pid(), d.rssBytes() / 1048576.0);
            AtomicInteger next = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(sessions);
            long t0 = System.nanoTime();
            for (int s = 0; s < sessions; s++) {
                String session = "load-" + s;
                Thread.ofVirtual().start(() -> {
                    try {
                        int i;
                        while ((i = next.getAndIncrement()) < turns) {
                            if (!d.turn(session, "message " + i + " about the weather and the cat")) failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    } finally {
                        done.countDown();
                    }
                });
            }
            List<double[]> samples = new ArrayList<>();
            while (!done.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                samples.add(sample(d, t0, next.get()));
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            samples.add(sample(d, t0, turns));
            String m = d.metrics();
            System.out.printf("turns: %d in %.1f s = %.0f turns/s, %d failed%n", turns, secs, turns / secs, failed.get());
            System.out.printf("agent overhead per turn: p50 %.2f ms, p99 %.2f ms (blufio_turn_overhead_seconds)%n",
                    BenchDaemon.quantile(m, "blufio_turn_overhead_seconds", 0.5) * 1000, BenchDaemon.quantile(m, "blufio_turn_overhead_seconds", 0.99) * 1000);
            double maxRss = samples.stream().mapToDouble(x -> x[2]).max().orElse(0);
            System.out.printf("RSS max %.1f MB; heap after GC first quarter %.1f MB, last quarter %.1f MB (drift %+.1f %%)%n", maxRss,
                    quarterMean(samples, 0), quarterMean(samples, 3), 100 * (quarterMean(samples, 3) / quarterMean(samples, 0) - 1));
        }
    }

    static double[] sample(BenchDaemon d, long t0, int progress) throws Exception {
        var mem = d.memory();
        double[] s = {(System.nanoTime() - t0) / 1e9, progress, d.rssBytes() / 1048576.0, mem.path("heap_after_gc_bytes").asLong() / 1048576.0};
        System.out.printf("  t=%5.0f s  turns=%6d  RSS %6.1f MB  heap after GC %5.1f MB%n", s[0], progress, s[2], s[3]);
        return s;
    }

    /** Mean heap-after-GC of the q-th quarter (0..3) of the samples. */
    static double quarterMean(List<double[]> samples, int q) {
        int n = samples.size();
        int from = n * q / 4;
        int to = Math.max(from + 1, n * (q + 1) / 4);
        return samples.subList(Math.min(from, n - 1), Math.min(to, n)).stream().mapToDouble(x -> x[3]).average().orElse(0);
    }
}
