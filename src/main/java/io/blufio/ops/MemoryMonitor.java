package io.blufio.ops;

import io.blufio.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples RSS and heap every {@link #INTERVAL} (SPEC section 11) and moves the pressure level:
 * 0 normal; 1 warn at {@code daemon.memory_warn_mb} (WARN log, caches shed); 2 critical at
 * {@code daemon.memory_limit_mb} (new sessions refused, existing ones go on). A level is left only when
 * RSS falls below {@link #HYSTERESIS} of its threshold, so the level does not flap. Never exits the process.
 */
public final class MemoryMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MemoryMonitor.class);

    /** Time between samples. */
    public static final Duration INTERVAL = Duration.ofSeconds(5);
    /** Share of a threshold RSS must fall below to leave its level. */
    static final double HYSTERESIS = 0.9;
    /** While at level 1 or 2, caches are shed again this often. */
    static final Duration RESHED = Duration.ofMinutes(1);
    /**
     * Share of {@code daemon.memory_warn_mb} from which the heap is collected ahead of the warning, at most
     * once every {@link #TIDY_EVERY}: a serial-GC heap keeps the pages its young collections touched and shrinks
     * only at a full collection, so a daemon idle after a burst of turns would otherwise hold 5-10 MB of heap
     * it no longer needs (measured: bench/README.md, footprint).
     */
    static final double TIDY_SHARE = 0.8;
    /** Least time between two collections ahead of the warning. */
    static final Duration TIDY_EVERY = Duration.ofMinutes(1);

    private final Supplier<MemorySample> sampler;
    private final long warnBytes;
    private final long limitBytes;
    private final List<Runnable> sheds = new CopyOnWriteArrayList<>();
    private final Consumer<Boolean> refuseNew;
    private volatile Runnable collect = () -> {};
    private volatile int pressure;
    private volatile MemorySample last = new MemorySample(-1, 0, 0);
    private long lastShedNanos;
    private long lastTidyNanos;
    private boolean tidied;
    private final java.util.function.LongSupplier nanoTime;
    private Thread thread;

    /**
     * @param sampler where samples come from ({@link MemorySample#now()} in production, a fake in tests)
     * @param warnMb {@code daemon.memory_warn_mb}, MiB
     * @param limitMb {@code daemon.memory_limit_mb}, MiB
     * @param refuseNew told {@code true} on entering level 2 and {@code false} on leaving it
     */
    public MemoryMonitor(Supplier<MemorySample> sampler, int warnMb, int limitMb, Consumer<Boolean> refuseNew) {
        this(sampler, warnMb, limitMb, refuseNew, Ticker.SYSTEM::nanoTime);
    }

    /** As above, with the elapsed-time source in nanoseconds (tests move it). */
    MemoryMonitor(Supplier<MemorySample> sampler, int warnMb, int limitMb, Consumer<Boolean> refuseNew, java.util.function.LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.sampler = sampler;
        this.warnBytes = warnMb * 1024L * 1024L;
        this.limitBytes = limitMb * 1024L * 1024L;
        this.refuseNew = refuseNew;
    }

    /**
     * Sets the heap collection tried before a level is raised ({@code System::gc} in {@code serve}): at or
     * above {@code daemon.memory_warn_mb} the monitor first collects (the heap shrinks back to its live data
     * with {@code -XX:-ShrinkHeapInSteps}) and samples again; only if RSS is still high does the level rise.
     * At most one collection per sample, so at most one every {@link #INTERVAL}. From {@link #TIDY_SHARE} of
     * the warning on, it also collects at most once every {@link #TIDY_EVERY}, to stay below the warning.
     */
    public void collectFirst(Runnable collect) {
        this.collect = collect;
    }

    /** Adds something to shed at level 1 and above (embedding cache, model, idle session actors). */
    public void onShed(Runnable shed) {
        sheds.add(shed);
    }

    /** Starts sampling on a daemon virtual thread. */
    public synchronized void start() {
        thread = Thread.ofVirtual().name("memory-monitor").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    sampleOnce();
                    Thread.sleep(INTERVAL.toMillis());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("memory monitor: {}", e.toString());  // keep sampling whatever happens
                }
            }
        });
    }

    /** Takes one sample and applies the level rules; tests call this directly. */
    public synchronized void sampleOnce() {
        MemorySample s = sampler.get();
        long now = nanoTime.getAsLong();
        boolean tidyDue = !tidied || now - lastTidyNanos >= TIDY_EVERY.toNanos();
        if (s.rssBytes() >= warnBytes || (s.rssBytes() >= warnBytes * TIDY_SHARE && tidyDue)) {
            collect.run();  // garbage is the cheapest thing to shed
            tidied = true;
            lastTidyNanos = now;
            s = sampler.get();
        }
        last = s;
        long rss = s.rssBytes();
        int next = pressure;
        if (rss >= limitBytes) next = 2;
        else if (pressure == 2 && rss < limitBytes * HYSTERESIS) next = rss >= warnBytes ? 1 : (rss < warnBytes * HYSTERESIS ? 0 : 1);
        else if (pressure < 2 && rss >= warnBytes) next = Math.max(pressure, 1);
        else if (pressure == 1 && rss < warnBytes * HYSTERESIS) next = 0;
        if (next != pressure) transition(pressure, next, s);
        if (next >= 1 && nanoTime.getAsLong() - lastShedNanos > RESHED.toNanos()) shed();
    }

    private void transition(int from, int to, MemorySample s) {
        pressure = to;
        long mb = s.rssBytes() / (1024 * 1024);
        if (to > from) {
            log.warn("memory.pressure {} -> {}: RSS {} MiB (warn {} MiB, limit {} MiB){}", from, to, mb, warnBytes >> 20, limitBytes >> 20,
                    to == 2 ? "; refusing new sessions" : "; shedding caches");
            if (to >= 1) shed();
        } else {
            log.info("memory.pressure {} -> {}: RSS {} MiB", from, to, mb);
        }
        if ((from == 2) != (to == 2)) refuseNew.accept(to == 2);
    }

    private void shed() {
        lastShedNanos = nanoTime.getAsLong();
        for (Runnable r : sheds) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("shedding failed: {}", e.toString());
            }
        }
    }

    /** Returns 0 normal, 1 warn, 2 critical. */
    public int pressure() {
        return pressure;
    }

    /** Returns the last sample. */
    public MemorySample last() {
        return last;
    }

    /** Returns {@code daemon.memory_warn_mb} in bytes. */
    public long warnBytes() {
        return warnBytes;
    }

    /** Returns {@code daemon.memory_limit_mb} in bytes. */
    public long limitBytes() {
        return limitBytes;
    }

    @Override
    public synchronized void close() {
        if (thread != null) thread.interrupt();
    }
}
