package io.blufio.bench;

import io.blufio.fixtures.FakeAnthropicServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Idle benchmark (issue 6a): RSS of {@code serve} (real launcher and JVM flags) after 60 s and 300 s idle,
 * first with the embedding model never loaded, then after one turn that loads it.
 * Usage: bench/idle.sh [seconds between readings, default 60 and 300]. Not part of the test suite.
 */
public final class IdleBench {
    public static void main(String[] args) throws Exception {
        long[] at = args.length > 0 ? java.util.Arrays.stream(args).mapToLong(Long::parseLong).toArray() : new long[] {60, 300};
        Path launcher = Path.of(System.getProperty("blufio.launcher"));
        try (FakeAnthropicServer llm = new FakeAnthropicServer()) {
            Map<String, String> env = Map.of("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY, "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url());
            for (boolean loaded : new boolean[] {false, true}) {
                Path tmp = Files.createTempDirectory("blufio-idle");
                try (BenchDaemon d = new BenchDaemon(launcher, tmp.resolve("data"), env)) {
                    if (loaded) {
                        d.turn("idle", "remember that my cat is called Miso");  // memory context embeds the message: loads the model
                    }
                    long t0 = System.nanoTime();
                    for (long s : at) {
                        long wait = s * 1_000_000_000L - (System.nanoTime() - t0);
                        if (wait > 0) Thread.sleep(wait / 1_000_000);
                        var mem = d.memory();
                        System.out.printf("model %-8s idle %4d s: RSS %6.1f MB, heap used %5.1f MB, heap after GC %5.1f MB%n",
                                loaded ? "loaded" : "unloaded", s, d.rssBytes() / 1048576.0,
                                mem.path("heap_used_bytes").asLong() / 1048576.0, mem.path("heap_after_gc_bytes").asLong() / 1048576.0);
                    }
                }
            }
        }
    }
}
