package io.blufio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** malloc_trim through the Foreign Function API, on the JDKs and C library where it exists. */
final class NativeHeapTest {
    @Test
    void onJdk22AndGlibc_trimIsAvailableAndCallable() {
        assumeTrue(Runtime.version().feature() >= 22, "the FFM API is final from JDK 22");
        assumeTrue(Files.exists(Path.of("/proc/self/maps")), "Linux");
        assertThat(NativeHeap.available()).isTrue();
        NativeHeap.trim();  // returns true or false (whether pages were released); it must not throw or crash
        assertThat(NativeHeap.trim()).isIn(true, false);
    }

    @Test
    void onJdk21_trimIsANoOp() {
        assumeTrue(Runtime.version().feature() < 22);
        assertThat(NativeHeap.available()).isFalse();
        assertThat(NativeHeap.trim()).isFalse();
    }
}
