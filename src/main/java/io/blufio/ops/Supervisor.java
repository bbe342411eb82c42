package io.blufio.ops;

import io.blufio.agent.Agent;
import io.blufio.channel.Channel;
import io.blufio.config.NotifyMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The systemd side of {@code serve} (systemd {@code Type=notify}): {@code READY=1} once the database,
 * vault and channels are up, {@code STATUS=} lines, watchdog pings while the loops make progress
 * ({@link Watchdog}), and {@code STOPPING=1} when {@link #close()} begins the shutdown. Does nothing when
 * {@code NOTIFY_SOCKET} is unset or {@code daemon.notify = "off"}.
 *
 * <p>Protocol: sd_notify(3), sd_watchdog_enabled(3), systemd.service(5) {@code WatchdogSec=}.
 */
public final class Supervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    private final Optional<SdNotify> notify;
    private final Watchdog watchdog;
    private boolean closed;

    private Supervisor(Optional<SdNotify> notify, Watchdog watchdog) {
        this.notify = notify;
        this.watchdog = watchdog;
    }

    /** Sends {@code STATUS=<text>} early in start-up, before a {@link Supervisor} exists; no-op without systemd. */
    public static void starting(Map<String, String> env, NotifyMode mode, String text) {
        SdNotify.fromEnv(env, mode).ifPresent(n -> {
            n.status(text);
            n.close();
        });
    }

    /**
     * Tells systemd that the daemon is ready and starts the watchdog when {@code WATCHDOG_USEC} asks for one.
     *
     * @param env the process environment ({@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC}, {@code WATCHDOG_PID})
     * @param mode {@code daemon.notify}: {@code auto} or {@code off}
     * @param readyStatus the {@code STATUS=} text sent with {@code READY=1}
     */
    public static Supervisor ready(Map<String, String> env, NotifyMode mode, Agent agent, List<Channel> channels, Clock clock, String readyStatus) {
        return ready(env, mode, agent, channels, clock, readyStatus, List.of());
    }

    /** Like {@link #ready(Map, NotifyMode, Agent, List, Clock, String)}, with more watchdog probes (e.g. the WAL watch). */
    public static Supervisor ready(Map<String, String> env, NotifyMode mode, Agent agent, List<Channel> channels, Clock clock, String readyStatus,
            List<Watchdog.Probe> extraProbes) {
        Optional<SdNotify> notify = SdNotify.fromEnv(env, mode);
        if (notify.isEmpty()) return new Supervisor(notify, null);
        SdNotify n = notify.get();
        n.ready(readyStatus);
        Watchdog dog = null;
        Optional<Duration> interval = SdNotify.watchdogInterval(env, ProcessHandle.current().pid());
        if (interval.isPresent()) {
            List<Watchdog.Probe> probes = new ArrayList<>();
            probes.add(Watchdog.dispatcher(agent, Watchdog.stallLimit(interval.get()), clock));
            channels.forEach(ch -> probes.add(Watchdog.channel(ch)));
            probes.addAll(extraProbes);
            dog = new Watchdog(ping -> n.watchdog(), n::status, interval.get(), probes).start();
            log.info("systemd watchdog: pinging every {} ms while {} make progress", interval.get().toMillis(),
                    probes.stream().map(Watchdog.Probe::name).toList());
        }
        log.info("told systemd: READY=1 ({})", readyStatus);
        return new Supervisor(notify, dog);
    }

    /** Stops the watchdog and sends {@code STOPPING=1}; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (watchdog != null) watchdog.close();
        notify.ifPresent(n -> {
            n.stopping("stopping: finishing in-flight turns");
            n.close();
        });
    }
}
