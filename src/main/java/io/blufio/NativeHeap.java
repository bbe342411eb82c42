package io.blufio;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.util.Optional;

/**
 * Gives memory that native code freed (ONNX Runtime after a model load or unload, SQLite, the JDK's own
 * libraries) back to the operating system now, with glibc's {@code malloc_trim(0)}
 * (https://man7.org/linux/man-pages/man3/malloc_trim.3.html), instead of at the JVM's next periodic trim
 * ({@code -XX:TrimNativeHeapInterval}, 30 s in the launcher). Called through the Foreign Function API
 * (JEP 454, final in JDK 22), looked up reflectively because blufio is compiled for Java 21, where that API is
 * a preview; on Java 21, on a C library without {@code malloc_trim} (musl) or without native access,
 * {@link #trim()} does nothing and returns false.
 */
public final class NativeHeap {
    private static final MethodHandle MALLOC_TRIM = lookup();

    private NativeHeap() {}

    /** Returns true when {@link #trim()} can call {@code malloc_trim}. */
    public static boolean available() {
        return MALLOC_TRIM != null;
    }

    /**
     * Calls {@code malloc_trim(0)}: returns whole free pages of every malloc arena to the system. Takes about a
     * millisecond for a small heap. Returns true when memory was released, false when none was or trimming is
     * unavailable.
     */
    public static boolean trim() {
        if (MALLOC_TRIM == null) return false;
        try {
            return (int) MALLOC_TRIM.invoke(0L) == 1;
        } catch (Throwable e) {
            return false;
        }
    }

    private static MethodHandle lookup() {
        if (Runtime.version().feature() < 22) return null;
        try {
            Class<?> linker = Class.forName("java.lang.foreign.Linker");
            Class<?> memoryLayout = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
            Class<?> descriptor = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> option = Class.forName("java.lang.foreign.Linker$Option");
            Object nativeLinker = linker.getMethod("nativeLinker").invoke(null);
            Object symbols = linker.getMethod("defaultLookup").invoke(nativeLinker);
            Optional<?> symbol = (Optional<?>) Class.forName("java.lang.foreign.SymbolLookup").getMethod("find", String.class)
                    .invoke(symbols, "malloc_trim");
            if (symbol.isEmpty()) return null;
            Object args = Array.newInstance(memoryLayout, 1);
            Array.set(args, 0, valueLayout.getField("JAVA_LONG").get(null));  // size_t pad
            Object fd = descriptor.getMethod("of", memoryLayout, args.getClass())
                    .invoke(null, valueLayout.getField("JAVA_INT").get(null), args);  // int malloc_trim(size_t)
            return (MethodHandle) linker.getMethod("downcallHandle", segment, descriptor, Array.newInstance(option, 0).getClass())
                    .invoke(nativeLinker, symbol.get(), fd, Array.newInstance(option, 0));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
