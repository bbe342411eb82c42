package io.blufio.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import io.blufio.fixtures.FakeTelegramServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A poll that hangs is ended by the watchdog and polling resumes without a restart; the token never reaches a log line. */
final class StallRecoveryTest {
    @TempDir Path tmp;
    private TelegramHarness h;
    /** Collects events in a thread-safe list (the poll and watchdog threads log while the test reads). */
    private static final class Collector extends ch.qos.logback.core.AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> list = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent e) {
            e.prepareForDeferredProcessing();
            list.add(e);
        }
    }

    private final Collector logs = new Collector();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @AfterEach
    void close() {
        root.detachAppender(logs);
        if (h != null) h.close();
    }

    private void captureLogs() {
        logs.start();
        root.addAppender(logs);
        ((Logger) LoggerFactory.getLogger("io.blufio")).setLevel(ch.qos.logback.classic.Level.DEBUG);
    }

    @Test
    void hangingPoll_isDetectedByWatchdog_andRecoveredWithoutRestart() {
        captureLogs();
        Duration limit = Duration.ofMillis(2500);  // well above one 1 s poll, even on a loaded machine
        h = new TelegramHarness(tmp, limit, Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> h.telegram.completedPolls() >= 1);
        h.telegram.hangNextPoll();
        await().atMost(Duration.ofSeconds(30)).until(() -> h.telegram.hangStartedNanos() != 0);
        int pollsBefore = h.telegram.completedPolls();
        await().atMost(Duration.ofSeconds(30)).until(() -> h.channel.stalls() >= 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> h.telegram.completedPolls() > pollsBefore);
        // the watchdog's own report: the poll it ended was older than the limit (how soon after: bench, not here)
        List<Long> ages = StallReport.agesMs(logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
        System.out.println("telegram stall: limit " + limit.toMillis() + " ms, watchdog reported poll ages " + ages + " ms");
        assertThat(ages)
                .isNotEmpty().allSatisfy(age -> assertThat(age).isGreaterThan(limit.toMillis()));

        h.telegram.userSends(TelegramHarness.OWNER, "owner", "are you awake?");
        await().atMost(Duration.ofSeconds(30)).until(() -> h.texts(TelegramHarness.OWNER).contains("echo: are you awake?"));
        assertThat(logs.list).anyMatch(e -> e.getLevel().toString().equals("WARN") && e.getFormattedMessage().contains("rebuilding the HTTP client"));
        assertNoToken(FakeTelegramServer.TOKEN);
    }

    @Test
    void networkErrors_logTheRequestUrl_withoutTheToken() throws Exception {
        captureLogs();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        FakeTelegramServer unused = new FakeTelegramServer();
        h = new TelegramHarness(tmp, Duration.ofSeconds(12), Map.of("BLUFIO_TELEGRAM__API_BASE_URL", "http://127.0.0.1:" + closedPort),
                unused, FakeTelegramServer.TOKEN);
        await().atMost(Duration.ofSeconds(30)).until(() -> h.waits.size() >= 3);
        assertThat(h.channel.health().state()).isEqualTo(io.blufio.channel.ChannelState.DOWN);
        assertThat(h.channel.health().lastError()).contains("network error").contains("/bot<redacted>/getMe");
        assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().contains("http://127.0.0.1:" + closedPort + "/bot<redacted>/"));
        assertNoToken(FakeTelegramServer.TOKEN);
        // the scrubber also masks a URL that a JDK exception might quote
        BotApi api = new BotApi("http://x", "123:secret");
        assertThat(api.scrub("GET http://x/bot123:secret/getUpdates failed, token 123:secret")).doesNotContain("123:secret");
    }

    private void assertNoToken(String token) {
        assertThat(logs.list).isNotEmpty();
        for (ILoggingEvent e : logs.list) {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            assertThat(line).doesNotContain(token).doesNotContain(token.substring(token.indexOf(':') + 1));
        }
    }
}
