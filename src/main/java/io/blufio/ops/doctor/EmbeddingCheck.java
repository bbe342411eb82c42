package io.blufio.ops.doctor;

import io.blufio.Ticker;
import io.blufio.memory.OnnxEmbedder;
import java.time.Duration;

/**
 * The embedding model (deep only): loads the in-process ONNX model from the data dir, as the daemon does,
 * and embeds a probe sentence; the vector must be non-empty and finite.
 */
final class EmbeddingCheck {
    static final String NAME = "embedding model";
    /** Loading the model takes about a second; a cold disk more. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final String PROBE = "blufio doctor probes the embedding model with this sentence.";

    private EmbeddingCheck() {}

    static Check check(DoctorContext ctx) {
        return new Check(NAME, TIMEOUT, "the model did not load in time: check free memory and disk", () -> {
            if (!ctx.loaded().config().memory().enabled()) return CheckResult.skip(NAME, "memory is off (memory.enabled = false)");
            long started = Ticker.SYSTEM.nanoTime();
            try (OnnxEmbedder embedder = new OnnxEmbedder(ctx.dataDir().root(), Duration.ofMinutes(1), Ticker.SYSTEM::nanoTime)) {
                float[] v = embedder.embed(PROBE);
                for (float x : v) {
                    if (!Float.isFinite(x)) return CheckResult.fail(NAME, "the probe vector has a non-finite value", "delete the model files under the data dir so they are extracted again");
                }
                if (v.length == 0) return CheckResult.fail(NAME, "the probe vector is empty", "delete the model files under the data dir so they are extracted again");
                return CheckResult.ok(NAME, "loads and embeds a probe sentence (" + v.length + " dimensions, " + (Ticker.SYSTEM.nanoTime() - started) / 1_000_000 + " ms)");
            } catch (RuntimeException e) {
                return CheckResult.fail(NAME, "cannot load or run: " + e.getMessage(), "check free memory (it needs about 70 MiB) and disk, or set memory.enabled = false");
            }
        });
    }
}
