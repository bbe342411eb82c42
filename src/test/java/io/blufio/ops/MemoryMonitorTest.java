package io.blufio.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class MemoryMonitorTest {
    private static final long MB = 1024 * 1024;

    @Test
    void sampleOnce_collectsFirst_andStaysNormalWhenThatBringsRssDown() {
        AtomicLong rss = new AtomicLong(160 * MB);
        AtomicInteger collections = new AtomicInteger();
        AtomicInteger shed = new AtomicInteger();
        MemoryMonitor m = new MemoryMonitor(() -> new MemorySample(rss.get(), 1, 2), 150, 200, refuse -> {});
        m.collectFirst(() -> {
            collections.incrementAndGet();
            rss.set(110 * MB);
        });
        m.onShed(shed::incrementAndGet);
        m.sampleOnce();
        assertThat(collections.get()).isEqualTo(1);
        assertThat(m.pressure()).isZero();
        assertThat(shed.get()).isZero();
        m.sampleOnce();
        assertThat(collections.get()).isEqualTo(1);  // below warn: no collection
    }

    @Test
    void sampleOnce_movesThroughWarnAndLimit_andBackWithHysteresis() {
        AtomicLong rss = new AtomicLong(100 * MB);
        AtomicInteger shed = new AtomicInteger();
        List<Boolean> refuse = new ArrayList<>();
        MemoryMonitor m = new MemoryMonitor(() -> new MemorySample(rss.get(), 1, 2), 150, 200, refuse::add);
        m.onShed(shed::incrementAndGet);

        m.sampleOnce();
        assertThat(m.pressure()).isZero();
        rss.set(160 * MB);
        m.sampleOnce();
        assertThat(m.pressure()).isEqualTo(1);
        assertThat(shed.get()).isEqualTo(1);
        assertThat(refuse).isEmpty();

        rss.set(205 * MB);
        m.sampleOnce();
        assertThat(m.pressure()).isEqualTo(2);
        assertThat(refuse).containsExactly(true);

        rss.set(185 * MB);  // below the limit, above 90 % of it: stays critical
        m.sampleOnce();
        assertThat(m.pressure()).isEqualTo(2);
        rss.set(170 * MB);  // below 180 MiB: back to warn, new sessions allowed again
        m.sampleOnce();
        assertThat(m.pressure()).isEqualTo(1);
        assertThat(refuse).containsExactly(true, false);
        rss.set(140 * MB);  // above 90 % of warn (135 MiB): stays at warn
        m.sampleOnce();
        assertThat(m.pressure()).isEqualTo(1);
        rss.set(130 * MB);
        m.sampleOnce();
        assertThat(m.pressure()).isZero();
    }

    @Test
    void approachingTheWarning_collectsAtMostOncePerTidyInterval_withoutRaisingPressure() {
        AtomicLong rss = new AtomicLong(125 * MB);  // above 80 % of warn (120 MiB), below warn
        AtomicLong nanos = new AtomicLong();
        AtomicInteger collections = new AtomicInteger();
        MemoryMonitor m = new MemoryMonitor(() -> new MemorySample(rss.get(), 1, 2), 150, 200, refuse -> {}, nanos::get);
        m.collectFirst(collections::incrementAndGet);
        m.sampleOnce();
        assertThat(collections.get()).isEqualTo(1);
        nanos.addAndGet(MemoryMonitor.INTERVAL.toNanos());
        m.sampleOnce();
        assertThat(collections.get()).as("not again within a minute").isEqualTo(1);
        nanos.addAndGet(MemoryMonitor.TIDY_EVERY.toNanos());
        m.sampleOnce();
        assertThat(collections.get()).isEqualTo(2);
        assertThat(m.pressure()).isZero();
        rss.set(100 * MB);
        nanos.addAndGet(MemoryMonitor.TIDY_EVERY.toNanos());
        m.sampleOnce();
        assertThat(collections.get()).as("well below the warning: nothing to tidy").isEqualTo(2);
    }
}
