package io.blufio.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.fixtures.FakeTelegramServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code blufio serve} as a real process with Telegram: fake Bot API and fake LLM on loopback, SIGKILL, a hanging poll. */
final class TelegramEndToEndTest {
    private static final long OWNER = 42;
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir Path tmp;
    private FakeAnthropicServer llm;
    private FakeTelegramServer telegram;
    private final List<DaemonProcess> daemons = new ArrayList<>();

    @BeforeEach
    void startFakes() {
        llm = new FakeAnthropicServer();
        telegram = new FakeTelegramServer();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (DaemonProcess d : daemons) d.close();
        llm.close();
        telegram.close();
    }

    private DaemonProcess daemon() throws Exception {
        DaemonProcess d = new DaemonProcess(tmp.resolve("data"), Map.of("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY,
                "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(), "TELEGRAM_BOT_TOKEN", FakeTelegramServer.TOKEN,
                "BLUFIO_TELEGRAM__API_BASE_URL", telegram.url(), "BLUFIO_TELEGRAM__POLL_TIMEOUT_S", "1",
                "BLUFIO_TELEGRAM__ALLOWED_USERS", String.valueOf(OWNER), "BLUFIO_AGENT__LOG_LEVEL", "debug")).start();
        daemons.add(d);
        return d;
    }

    private List<String> texts(long chat) {
        return telegram.messagesTo(chat).stream().map(FakeTelegramServer.Sent::text).toList();
    }

    @Test
    void allowedUserAnswered_strangerRefusedOnce_healthShowsLastCompletedPoll() throws Exception {
        DaemonProcess d = daemon();
        llm.enqueueText("Hi from blufio");
        telegram.userSends(OWNER, "owner", "hello");
        telegram.userSends(7, "stranger", "who are you?");
        telegram.userSends(7, "stranger", "hello?");
        await().atMost(WAIT).until(() -> texts(OWNER).contains("Hi from blufio"));
        await().atMost(WAIT).until(() -> texts(7).size() == 1);
        assertThat(texts(7).get(0)).contains("blufio telegram approve");
        assertThat(llm.requests()).hasSize(1);

        JsonNode health = DaemonProcess.JSON.readTree(d.signed("GET", "/v1/health", null).body());
        JsonNode tg = health.path("channels").path("telegram");
        assertThat(tg.path("state").asText()).isEqualTo("up");
        assertThat(tg.path("last_ok_at").asText()).isNotEmpty();
        assertThat(d.terminate()).isZero();
        assertThat(d.logText()).doesNotContain(FakeTelegramServer.TOKEN);
    }

    @Test
    void sigkillRightAfterAnUpdateWasFetched_isAnsweredAfterRestart_once() throws Exception {
        DaemonProcess d = daemon();
        llm.enqueueSlowText("this slow answer never completes", 3_000);
        telegram.userSends(OWNER, "owner", "question before the crash");
        await().atMost(WAIT).until(() -> !llm.requests().isEmpty());  // fetched, committed, turn running
        d.kill();

        llm.enqueueText("answer after restart");  // before the start: the kept turn runs at once
        DaemonProcess again = daemon();
        await().atMost(WAIT).until(() -> texts(OWNER).contains("answer after restart"));
        Thread.sleep(2_500);  // more polls and dispatch passes must not answer it again
        assertThat(texts(OWNER).stream().filter("answer after restart"::equals)).hasSize(1);
        assertThat(llm.requests()).hasSize(2);
        assertThat(again.terminate()).isZero();
    }

    @Test
    void hangingPoll_isRecoveredWithoutRestart_andTheTokenIsInNoLogLine() throws Exception {
        DaemonProcess d = daemon();
        await().atMost(WAIT).until(() -> telegram.completedPolls() >= 2);
        telegram.hangNextPoll();
        await().atMost(WAIT).until(() -> telegram.hangStartedNanos() != 0);
        int before = telegram.completedPolls();
        await().atMost(WAIT).until(() -> d.logText().contains("rebuilding the HTTP client"));
        await().atMost(WAIT).until(() -> telegram.completedPolls() > before);
        // the watchdog's own report (poll_timeout_s=1: limit 12 s); the delay figures are bench/ops.sh's
        assertThat(io.blufio.channel.telegram.StallReport.agesMs(d.logText().lines().toList()))
                .isNotEmpty().allSatisfy(age -> assertThat(age).isGreaterThan(12_000L));
        telegram.userSends(OWNER, "owner", "still listening?");
        await().atMost(WAIT).until(() -> texts(OWNER).contains("echo: still listening?"));

        telegram.close();  // now every call is a network error, logged with its (redacted) URL
        await().atMost(WAIT).until(() -> d.logText().contains("/bot<redacted>/getUpdates"));
        assertThat(d.terminate()).isZero();
        String log = d.logText();
        assertThat(log).contains("WARN").doesNotContain(FakeTelegramServer.TOKEN)
                .doesNotContain(FakeTelegramServer.TOKEN.substring(FakeTelegramServer.TOKEN.indexOf(':') + 1));
    }
}
