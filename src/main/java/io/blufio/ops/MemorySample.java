package io.blufio.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident set size and heap of this process at one moment.
 *
 * @param rssBytes VmRSS from {@code /proc/self/statm} (resident pages x page size), -1 when unavailable
 * @param heapUsedBytes heap in use
 * @param heapMaxBytes heap limit ({@code -Xmx})
 * @param heapAfterGcBytes heap in use right after the last collection of each pool (live data), summed
 */
public record MemorySample(long rssBytes, long heapUsedBytes, long heapMaxBytes, long heapAfterGcBytes) {
    /** A sample of RSS and heap without the after-GC figure. */
    public MemorySample(long rssBytes, long heapUsedBytes, long heapMaxBytes) {
        this(rssBytes, heapUsedBytes, heapMaxBytes, -1);
    }

    /** Page size assumed for {@code statm} (4 KiB on x86-64 and most aarch64 kernels). */
    static final long PAGE_BYTES = 4096;

    /** Samples now. Reads one small proc file; a few microseconds. */
    public static MemorySample now() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long afterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage u = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (u != null) afterGc += u.getUsed();
        }
        return new MemorySample(rss(), heap.getUsed(), heap.getMax(), afterGc);
    }

    static long rss() {
        try {
            String[] f = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(f[1]) * PAGE_BYTES;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Returns {@code {"rss_bytes", "heap_used_bytes", "heap_max_bytes", "heap_after_gc_bytes"}}. */
    public ObjectNode toJson(ObjectMapper json) {
        return json.createObjectNode().put("rss_bytes", rssBytes).put("heap_used_bytes", heapUsedBytes).put("heap_max_bytes", heapMaxBytes)
                .put("heap_after_gc_bytes", heapAfterGcBytes);
    }
}
