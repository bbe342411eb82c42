package io.blufio.bench;

import ai.onnxruntime.OrtEnvironment;
import io.blufio.memory.OnnxEmbedder;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.management.ObjectName;

/**
 * The embedding model alone, in a JVM of its own (run it with the launcher's flags): RSS split (see
 * {@link Footprint}) before the model loads, after {@code n} embeddings and after unloading it, so the ONNX
 * Runtime's share and the effect of session options and malloc settings can be read without a daemon.
 * Usage (from bench/run-probe or by hand): {@code java <flags> -XX:NativeMemoryTracking=summary -cp ... EmbedderProbe [n]}.
 * Set {@code -Dprobe.trim=true} to trim the native heap (jcmd System.trim_native_heap) before each reading.
 */
public final class EmbedderProbe {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Path dir = Files.createTempDirectory("blufio-probe");
        long pid = ProcessHandle.current().pid();
        read(pid, "before the model loads");
        OrtEnvironment.getEnvironment();
        try (OnnxEmbedder e = new OnnxEmbedder(dir, Duration.ofSeconds(600), System::nanoTime)) {
            e.embed("warm up");
            read(pid, "model loaded, one embedding");
            for (int i = 0; i < n; i++) e.embed("turn " + i + ": " + FootprintBench.TOPICS[i % FootprintBench.TOPICS.length]);
            String big = "remember the milk and the eggs ".repeat(35_000);  // about 1 MiB
            e.embed(big);
            read(pid, "after " + n + " embeddings and one of 1 MiB");
            e.unload();
            System.gc();
            read(pid, "model unloaded");
        }
        int cycles = Integer.getInteger("probe.cycles", 0);
        if (cycles > 0) {
            try (OnnxEmbedder e = new OnnxEmbedder(dir, Duration.ofSeconds(600), System::nanoTime)) {
                for (int c = 1; c <= cycles; c++) {
                    e.embed("again " + c);
                    e.unload();
                    if (c % 3 == 0) {
                        System.gc();
                        read(pid, "loaded and unloaded " + c + " more times");
                    }
                }
            }
        }
    }

    private static void read(long pid, String phase) throws Exception {
        if (Boolean.getBoolean("probe.trim")) {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "systemTrimNativeHeap", new Object[] {new String[0]}, new String[] {String[].class.getName()});
        }
        Thread.sleep(Long.getLong("probe.sleep", 1500));
        Footprint.of(pid).print(phase, java.util.List.of());
    }
}
