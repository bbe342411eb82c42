package io.blufio.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.blufio.fixtures.FakeAnthropicServer;
import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A real {@code serve} under a stand-in for systemd: the test binds the AF_UNIX datagram socket, passes it as
 * NOTIFY_SOCKET with WATCHDOG_USEC = 1 s, and reads what the daemon says (sd_notify(3)).
 */
final class SdNotifyEndToEndTest {
    @TempDir Path tmp;

    @Test
    void serve_sendsReadyWatchdogStopping_andStopsPingingWhenTheDispatcherIsWedged() throws Exception {
        Path sock = tmp.resolve("notify.sock");
        List<String> got = new CopyOnWriteArrayList<>();
        try (FakeAnthropicServer llm = new FakeAnthropicServer(); AFUNIXDatagramSocket server = AFUNIXDatagramSocket.newInstance()) {
            server.bind(AFUNIXSocketAddress.of(sock));
            Thread reader = Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[4096];
                while (!server.isClosed()) {
                    try {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        server.receive(p);
                        got.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
                    } catch (Exception closed) {
                        return;
                    }
                }
            });
            Map<String, String> env = Map.of("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY, "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(),
                    "NOTIFY_SOCKET", sock.toString(), "WATCHDOG_USEC", "1000000", "BLUFIO_DAEMON__SHUTDOWN_GRACE_S", "1");
            try (DaemonProcess d = new DaemonProcess(tmp.resolve("data"), env).mainClass("io.blufio.app.WedgeHook").start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> got.stream().anyMatch(m -> m.startsWith("READY=1\nSTATUS=serving")));
                await().atMost(Duration.ofSeconds(30)).until(() -> count(got, "WATCHDOG=1") >= 3);  // pinged every 0.5 s

                // the hook wedges the dispatcher at the pass that finds this message, so its request never answers
                Thread.ofVirtual().start(() -> {
                    try {
                        d.signed("POST", "/v1/messages", "{\"content\": \"this message wedges the dispatcher\"}");
                    } catch (Exception expected) {
                        // the daemon stops before it answers
                    }
                });
                await().atMost(Duration.ofSeconds(30)).until(() -> got.stream().anyMatch(m -> m.startsWith("STATUS=stalled: inbox dispatcher")));
                long pings = count(got, "WATCHDOG=1");
                Thread.sleep(2_500);  // five ping intervals
                assertThat(count(got, "WATCHDOG=1")).as("pings after the wedge").isEqualTo(pings);
                assertThat(d.logText()).contains("withholding the systemd ping");

                d.process().destroy();  // SIGTERM
                await().atMost(Duration.ofSeconds(30)).until(() -> got.stream().anyMatch(m -> m.startsWith("STOPPING=1")));
            }
            server.close();
            reader.join(2_000);
        }
    }

    private static long count(List<String> got, String msg) {
        return got.stream().filter(msg::equals).count();
    }
}
