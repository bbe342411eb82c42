package io.blufio.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.config.NotifyMode;
import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** sd_notify(3) over a real AF_UNIX datagram socket bound by the test, as systemd binds NOTIFY_SOCKET. */
final class SdNotifyTest {
    @TempDir Path tmp;

    static String receive(AFUNIXDatagramSocket socket) throws Exception {
        byte[] buf = new byte[4096];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    @Test
    void send_toPathSocket_deliversReadyStatusWatchdogStopping() throws Exception {
        Path sock = tmp.resolve("notify.sock");
        try (AFUNIXDatagramSocket server = AFUNIXDatagramSocket.newInstance()) {
            server.bind(AFUNIXSocketAddress.of(sock));
            server.setSoTimeout(5_000);
            SdNotify n = SdNotify.fromEnv(Map.of("NOTIFY_SOCKET", sock.toString()), NotifyMode.AUTO).orElseThrow();
            n.ready("serving");
            n.watchdog();
            n.stopping("bye");
            n.close();
            assertThat(receive(server)).isEqualTo("READY=1\nSTATUS=serving");
            assertThat(receive(server)).isEqualTo("WATCHDOG=1");
            assertThat(receive(server)).isEqualTo("STOPPING=1\nSTATUS=bye");
        }
    }

    @Test
    void send_toAbstractSocket_usesLeadingNul() throws Exception {
        String name = "blufio-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        byte[] raw = ("\0" + name).getBytes(StandardCharsets.UTF_8);
        try (AFUNIXDatagramSocket server = AFUNIXDatagramSocket.newInstance()) {
            server.bind(AFUNIXSocketAddress.of(raw));
            server.setSoTimeout(5_000);
            SdNotify.fromEnv(Map.of("NOTIFY_SOCKET", "@" + name), NotifyMode.AUTO).orElseThrow().status("hello");
            assertThat(receive(server)).isEqualTo("STATUS=hello");
        }
    }

    @Test
    void fromEnv_unsetOrOff_isEmpty_andSendingToNobodyDoesNotThrow() {
        assertThat(SdNotify.fromEnv(Map.of(), NotifyMode.AUTO)).isEmpty();
        assertThat(SdNotify.fromEnv(Map.of("NOTIFY_SOCKET", "/run/x"), NotifyMode.OFF)).isEmpty();
        SdNotify gone = SdNotify.fromEnv(Map.of("NOTIFY_SOCKET", tmp.resolve("nobody.sock").toString()), NotifyMode.AUTO).orElseThrow();
        assertThat(gone.send("READY=1")).isFalse();
    }

    @Test
    void watchdogInterval_isHalfOfWatchdogUsec_onlyForThisPid() {
        assertThat(SdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "2000000"), 42)).contains(Duration.ofSeconds(1));
        assertThat(SdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "2000000", "WATCHDOG_PID", "42"), 42)).contains(Duration.ofSeconds(1));
        assertThat(SdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "2000000", "WATCHDOG_PID", "7"), 42)).isEmpty();
        assertThat(SdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "0"), 42)).isEmpty();
        assertThat(SdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "x"), 42)).isEqualTo(Optional.empty());
    }
}
