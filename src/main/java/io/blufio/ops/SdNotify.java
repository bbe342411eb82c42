package io.blufio.ops;

import io.blufio.config.NotifyMode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The systemd notification protocol of sd_notify(3): one datagram of newline-separated {@code KEY=VALUE}
 * assignments sent to the AF_UNIX socket named by {@code $NOTIFY_SOCKET} (a file path, or an abstract
 * socket when it starts with {@code @}). The JDK has no Unix datagram sockets, so junixsocket sends them;
 * its classes load only when a socket is configured. Sending never throws: systemd's protocol is
 * best-effort, and a daemon must not die because its supervisor went away (one WARN per failure kind).
 *
 * <p>See https://www.freedesktop.org/software/systemd/man/latest/sd_notify.html.
 */
public final class SdNotify implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SdNotify.class);

    private final AFUNIXSocketAddress target;
    private final String description;
    private AFUNIXDatagramChannel socket;
    private volatile boolean warned;

    private SdNotify(AFUNIXSocketAddress target, String description) {
        this.target = target;
        this.description = description;
    }

    /**
     * Returns a notifier when {@code NOTIFY_SOCKET} is set in {@code env} and {@code mode} (key
     * {@code daemon.notify}) is not {@code off}; empty otherwise or when the address is unusable.
     */
    public static Optional<SdNotify> fromEnv(Map<String, String> env, NotifyMode mode) {
        String name = env.get("NOTIFY_SOCKET");
        if (name == null || name.isBlank() || mode == NotifyMode.OFF) return Optional.empty();
        try {
            AFUNIXSocketAddress addr;
            if (name.startsWith("@")) {
                byte[] raw = name.getBytes(StandardCharsets.UTF_8);
                raw[0] = 0;  // abstract namespace: a leading NUL byte instead of '@'
                addr = AFUNIXSocketAddress.of(raw);
            } else {
                addr = AFUNIXSocketAddress.of(Path.of(name));
            }
            return Optional.of(new SdNotify(addr, name));
        } catch (IOException | RuntimeException e) {
            log.warn("sd_notify: NOTIFY_SOCKET={} is not a usable AF_UNIX address ({}); not notifying systemd", name, e.toString());
            return Optional.empty();
        }
    }

    /**
     * Returns half of {@code WATCHDOG_USEC} (sd_watchdog_enabled(3): ping at about half the timeout), or empty
     * when the watchdog is off, the value is not a positive number, or {@code WATCHDOG_PID} names another process.
     */
    public static Optional<Duration> watchdogInterval(Map<String, String> env, long ownPid) {
        String usec = env.get("WATCHDOG_USEC");
        String pid = env.get("WATCHDOG_PID");
        if (usec == null) return Optional.empty();
        try {
            if (pid != null && !pid.isBlank() && Long.parseLong(pid.trim()) != ownPid) return Optional.empty();
            long us = Long.parseLong(usec.trim());
            return us <= 0 ? Optional.empty() : Optional.of(Duration.ofNanos(us * 1000 / 2));
        } catch (NumberFormatException e) {
            log.warn("sd_notify: WATCHDOG_USEC={} / WATCHDOG_PID={} are not numbers; watchdog pings are off", usec, pid);
            return Optional.empty();
        }
    }

    /** {@code READY=1} with a {@code STATUS=} line: start-up is complete. */
    public void ready(String status) {
        send("READY=1\nSTATUS=" + oneLine(status));
    }

    /** {@code STATUS=...}: free-form text shown by {@code systemctl status}. */
    public void status(String status) {
        send("STATUS=" + oneLine(status));
    }

    /** {@code STOPPING=1}: shutdown began. */
    public void stopping(String status) {
        send("STOPPING=1\nSTATUS=" + oneLine(status));
    }

    /** {@code WATCHDOG=1}: the service is alive; systemd restarts it when pings stop for {@code WatchdogSec}. */
    public void watchdog() {
        send("WATCHDOG=1");
    }

    /** Sends one datagram of assignments; returns false (after one WARN) when it could not be sent. */
    public synchronized boolean send(String assignments) {
        byte[] msg = assignments.getBytes(StandardCharsets.UTF_8);
        try {
            if (socket == null) socket = AFUNIXDatagramChannel.open();
            socket.send(ByteBuffer.wrap(msg), target);
            return true;
        } catch (IOException | RuntimeException e) {
            if (!warned) {
                warned = true;
                log.warn("sd_notify: cannot send to NOTIFY_SOCKET={}: {} (is systemd still supervising this process?)", description, e.toString());
            }
            return false;
        }
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ');
    }

    /** Closes the socket; safe to call twice. */
    @Override
    public synchronized void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to tell systemd
            }
            socket = null;
        }
    }
}
