package io.blufio.ops;

import io.blufio.agent.Agent;
import io.blufio.channel.Channel;
import io.blufio.channel.ChannelHealth;
import io.blufio.channel.ChannelState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The systemd watchdog (sd_watchdog_enabled(3)): every {@code interval} (half of {@code WATCHDOG_USEC}) it
 * asks each {@link Probe} whether its loop made progress and sends {@code WATCHDOG=1} only when all did. A
 * wedged loop therefore stops the pings and systemd restarts the service after {@code WatchdogSec}. The
 * pinger runs on its own platform thread and reads only volatile stamps, so whatever wedges a loop cannot
 * wedge the pinger too. A withheld ping is logged once per stall (WARN) and shown as {@code STATUS=}.
 */
public final class Watchdog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);
    /** Shortest progress window: the dispatcher completes a pass at least every second (Agent.DISPATCH_POLL). */
    static final Duration MIN_STALL = Duration.ofSeconds(3);
    /** Longest progress window: the liveness limit of {@code /health/live} (Health.DISPATCH_STALL). */
    static final Duration MAX_STALL = Health.DISPATCH_STALL;

    /** One loop to watch: returns empty while it makes progress, else why not. */
    public record Probe(String name, Supplier<Optional<String>> stalled) {}

    private final Consumer<String> ping;
    private final Consumer<String> status;
    private final Duration interval;
    private final List<Probe> probes;
    private volatile boolean running = true;
    private Thread thread;
    private String withheld;

    /**
     * @param ping sends {@code WATCHDOG=1} (its argument is unused, for symmetry with {@code status})
     * @param status sends a {@code STATUS=} line
     * @param interval time between checks, half of {@code WATCHDOG_USEC}
     */
    public Watchdog(Consumer<String> ping, Consumer<String> status, Duration interval, List<Probe> probes) {
        this.ping = ping;
        this.status = status;
        this.interval = interval;
        this.probes = List.copyOf(probes);
    }

    /** Returns the progress window for {@code interval}: the interval itself, kept within [3 s, 30 s]. */
    public static Duration stallLimit(Duration interval) {
        if (interval.compareTo(MIN_STALL) < 0) return MIN_STALL;
        return interval.compareTo(MAX_STALL) > 0 ? MAX_STALL : interval;
    }

    /** A probe that reports the inbox dispatcher stalled when its last completed pass is older than {@code limit}. */
    public static Probe dispatcher(Agent agent, Duration limit, Clock clock) {
        return new Probe("inbox dispatcher", () -> {
            Instant last = agent.lastDispatchAt();
            Duration age = Duration.between(last, clock.instant());
            return age.compareTo(limit) > 0 ? Optional.of("no dispatch pass for " + age.toSeconds() + " s (limit " + limit.toSeconds() + " s)")
                    : Optional.empty();
        });
    }

    /** A probe that fails while the database's {@code -wal} file is not the one SQLite opened (see {@link WalWatch}). */
    public static Probe wal(WalWatch watch) {
        return new Probe("database wal", watch::problem);
    }

    /**
     * A probe for a channel's own loop, judged by its typed state only: {@link ChannelState#STALLED} (its loop
     * stopped completing while not failing, e.g. no completed {@code getUpdates} within the stall limit) is
     * wedged; {@link ChannelState#DOWN} (its network or the service fails) is still progress, since it retries
     * with backoff and a restart would not help, so it keeps the pings going. Slow or failing reply deliveries
     * never count: they are the outbox's business, not the loop's.
     */
    public static Probe channel(Channel ch) {
        return new Probe(ch.name(), () -> {
            ChannelHealth h = ch.health();
            if (h.state() != ChannelState.STALLED) return Optional.empty();
            return Optional.of("stalled" + (h.lastError() == null ? "" : " (" + h.lastError() + ")"));
        });
    }

    /** Starts the pinger thread; sends the first ping at once. */
    public synchronized Watchdog start() {
        thread = Thread.ofPlatform().daemon().name("sd-watchdog").start(this::loop);
        return this;
    }

    private void loop() {
        while (running) {
            try {
                tick();
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("watchdog: check failed; trying again in {} ms", interval.toMillis(), e);
            }
        }
    }

    /** Checks every probe once and pings when none is stalled; returns whether it pinged. */
    boolean tick() {
        List<String> stalls = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Probe p : probes) {
            p.stalled().get().ifPresent(why -> {
                stalls.add(p.name() + ": " + why);
                names.add(p.name());
            });
        }
        if (stalls.isEmpty()) {
            if (withheld != null) {
                log.info("watchdog: all loops make progress again; pinging systemd");
                status.accept("running");
                withheld = null;
            }
            ping.accept("WATCHDOG=1");
            return true;
        }
        String why = String.join("; ", stalls);
        String key = String.join(",", names);  // log once per set of stalled loops, not every tick
        if (!key.equals(withheld)) {
            log.warn("watchdog: withholding the systemd ping ({}); systemd restarts blufio if this lasts WatchdogSec", why);
            status.accept("stalled: " + why);
            withheld = key;
        }
        return false;
    }

    /** Stops pinging; safe to call twice. */
    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) thread.interrupt();
    }
}
