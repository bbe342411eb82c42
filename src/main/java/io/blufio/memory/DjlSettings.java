package io.blufio.memory;

import java.nio.file.Path;

/**
 * Settings for DJL, whose HuggingFace tokenizer the embedding model uses: its native library
 * ({@code libtokenizers.so}, shipped in the {@code ai.djl.huggingface:tokenizers} jar) is unpacked to
 * {@code <data dir>/cache/djl} instead of {@code ~/.djl.ai} (a hardened systemd unit may have no
 * writable home), the CPU build of that library is used without probing for CUDA, and DJL runs offline, so it never tries to download a library or model. Values the
 * operator set ({@code DJL_CACHE_DIR}, {@code ENGINE_CACHE_DIR}, {@code ai.djl.offline}) win.
 */
final class DjlSettings {
    private DjlSettings() {}

    static synchronized void apply(Path dataDir) {
        String cache = dataDir.resolve("cache").resolve("djl").toAbsolutePath().toString();
        if (unset("DJL_CACHE_DIR")) System.setProperty("DJL_CACHE_DIR", cache);
        if (unset("ENGINE_CACHE_DIR")) System.setProperty("ENGINE_CACHE_DIR", cache);
        if (unset("ai.djl.offline") && System.getenv("DJL_OFFLINE") == null) System.setProperty("ai.djl.offline", "true");
        if (unset("RUST_FLAVOR")) System.setProperty("RUST_FLAVOR", "cpu");  // CPU library: no CUDA probe (and its WARN)
    }

    private static boolean unset(String key) {
        return System.getenv(key) == null && System.getProperty(key) == null;
    }
}
