package io.blufio.bench;

import io.blufio.fixtures.FakeAnthropicServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Soak benchmark (issue 6c): a compressed 72-hour-equivalent run. Each simulated hour sends the same mix
 * (by default 40 turns: 30 to 5 regular sessions, 10 to a new session each), with time compressed to
 * {@code secondsPerHour}; RSS and heap after GC are read once per simulated hour and their least-squares
 * slope is printed in MB per simulated day.
 * Usage: bench/soak.sh [hours, default 72] [seconds per hour, default 5] [turns per hour, default 40]. The slope is
 * printed over the whole run and over its second half (after the first load of the model has settled).
 */
public final class SoakBench {
    public static void main(String[] args) throws Exception {
        int hours = args.length > 0 ? Integer.parseInt(args[0]) : 72;
        double secondsPerHour = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        int perHour = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        Path launcher = Path.of(System.getProperty("blufio.launcher"));
        Path tmp = Files.createTempDirectory("blufio-soak");
        try (FakeAnthropicServer llm = new FakeAnthropicServer();
             BenchDaemon d = new BenchDaemon(launcher, tmp.resolve("data"), Map.of("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY,
                     "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(), "BLUFIO_AGENT__LOG_LEVEL", "warn"))) {
            List<double[]> samples = new ArrayList<>();
            int failed = 0;
            int pressured = 0;
            for (int h = 0; h < hours; h++) {
                long hourStart = System.nanoTime();
                for (int i = 0; i < perHour; i++) {
                    String session = i < perHour * 3 / 4 ? "regular-" + (i % 5) : "new-" + h + "-" + i;
                    if (!d.turn(session, "hour " + h + " message " + i + ": what should I cook tonight?")) failed++;
                }
                long left = (long) (secondsPerHour * 1e9) - (System.nanoTime() - hourStart);
                if (left > 0) Thread.sleep(left / 1_000_000);
                var mem = d.memory();
                if (mem.path("pressure").asInt() > 0) pressured++;
                double[] s = {h + 1, d.rssBytes() / 1048576.0, mem.path("heap_after_gc_bytes").asLong() / 1048576.0};
                samples.add(s);
                if ((h + 1) % 6 == 0) System.out.printf("  hour %3d: RSS %6.1f MB, heap after GC %5.1f MB%n", h + 1, s[1], s[2]);
            }
            System.out.printf("soak: %d simulated hours, %d turns, %d failed; memory pressure above 0 at %d of %d hourly readings%n",
                    hours, hours * perHour, failed, pressured, hours);
            System.out.printf("RSS slope %+.2f MB/day, heap-after-GC slope %+.2f MB/day (least squares over hourly readings)%n",
                    24 * slope(samples, 1), 24 * slope(samples, 2));
            List<double[]> settled = samples.subList(samples.size() / 2, samples.size());
            System.out.printf("second half only (hours %d-%d): RSS slope %+.2f MB/day, heap-after-GC slope %+.2f MB/day;"
                    + " RSS min %.1f, max %.1f MB (MiB)%n", (int) settled.get(0)[0], hours, 24 * slope(settled, 1), 24 * slope(settled, 2),
                    settled.stream().mapToDouble(x -> x[1]).min().orElse(0), settled.stream().mapToDouble(x -> x[1]).max().orElse(0));
        }
    }

    /** Least-squares slope of column {@code col} against column 0. */
    static double slope(List<double[]> pts, int col) {
        double n = pts.size();
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (double[] p : pts) {
            sx += p[0];
            sy += p[col];
            sxx += p[0] * p[0];
            sxy += p[0] * p[col];
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }
}
