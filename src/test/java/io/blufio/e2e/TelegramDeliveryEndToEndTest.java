package io.blufio.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.fixtures.FakeTelegramServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reply delivery through the outbox with a real {@code serve}: a slow or stuck Bot API never holds up the
 * agent, every reply arrives exactly once, and a kill or a stop in the middle of an answer resumes it.
 */
final class TelegramDeliveryEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long OWNER = 42;
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
        telegram.holdSends(false);
        for (DaemonProcess d : daemons) d.close();
        llm.close();
        telegram.close();
    }

    private DaemonProcess daemon(Map<String, String> extra) throws Exception {
        String users = IntStream.rangeClosed(1, 10).mapToObj(i -> "\"" + i + "\"").collect(Collectors.joining(", "));
        Map<String, String> env = new HashMap<>(Map.of("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY,
                "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(), "TELEGRAM_BOT_TOKEN", FakeTelegramServer.TOKEN,
                "BLUFIO_TELEGRAM__API_BASE_URL", telegram.url(), "BLUFIO_TELEGRAM__POLL_TIMEOUT_S", "1",
                "BLUFIO_TELEGRAM__ALLOWED_USERS", "[" + users + ", \"" + OWNER + "\"]"));
        env.putAll(extra);
        DaemonProcess d = new DaemonProcess(tmp.resolve("data"), env).start();
        daemons.add(d);
        return d;
    }

    private long count(long chat, String text) {
        return telegram.messagesTo(chat).stream().filter(s -> s.text().equals(text)).count();
    }

    private long startingWith(String marker) {
        return telegram.messagesTo(OWNER).stream().filter(s -> s.text().startsWith(marker)).count();
    }

    private static JsonNode replies(DaemonProcess d) throws Exception {
        return DaemonProcess.JSON.readTree(d.signed("GET", "/v1/health", null).body()).path("replies").path("telegram");
    }

    @Test
    void thirtyMessagesFromTenUsers_overSlowSends_eachAnsweredOnce_andAnApiTurnIsNotHeldUp() throws Exception {
        DaemonProcess d = daemon(Map.of());
        await().atMost(WAIT).until(() -> telegram.completedPolls() >= 1);
        telegram.holdSends(true);  // Telegram takes every sendMessage and answers none, for now
        for (int i = 0; i < 30; i++) telegram.userSends(1 + i % 10, "u" + (1 + i % 10), "m" + i);
        await().atMost(WAIT).until(() -> replies(d).path("pending").asLong() + replies(d).path("sending").asLong() == 30);
        assertThat(telegram.heldSends()).isGreaterThanOrEqualTo(1);

        JsonNode api = d.message("asked while Telegram is stuck");  // a signed API turn at the same time
        assertThat(api.path("content").asText()).isEqualTo("echo: asked while Telegram is stuck");
        assertThat(IntStream.rangeClosed(1, 10).mapToLong(u -> telegram.messagesTo(u).size()).sum())
                .as("Telegram messages delivered when the API turn answered").isZero();
        assertThat(d.get("/health/live").statusCode()).isEqualTo(200);

        List<Integer> live = new CopyOnWriteArrayList<>();
        Thread prober = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    live.add(d.get("/health/live").statusCode());
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    live.add(-1);
                }
            }
        });
        telegram.slowSends(Duration.ofMillis(300));
        telegram.holdSends(false);
        await().atMost(WAIT).until(() -> IntStream.range(0, 30).allMatch(i -> count(1 + i % 10, "echo: m" + i) >= 1));
        Thread.sleep(2_500);  // more passes, polls and retries must not answer anything again
        prober.interrupt();
        prober.join(5_000);
        for (int i = 0; i < 30; i++) assertThat(count(1 + i % 10, "echo: m" + i)).as("answers to m" + i).isEqualTo(1);
        for (int u = 1; u <= 10; u++) assertThat(telegram.messagesTo(u)).as("messages to user " + u).hasSize(3);
        assertThat(live).isNotEmpty().containsOnly(200);
        assertThat(replies(d).path("pending").asLong() + replies(d).path("sending").asLong()).isZero();
        assertThat(d.get("/metrics").body()).contains("blufio_replies_total{channel=\"telegram\",outcome=\"delivered\"} 30.0");
        assertThat(d.terminate()).isZero();
    }

    @Test
    void sigkillInTheMiddleOfAThreePartAnswer_afterRestartEachPartArrivesExactlyOnce() throws Exception {
        String answer = String.join("\n\n", paragraph("PART-ONE"), paragraph("PART-TWO"), paragraph("PART-THREE"));
        DaemonProcess d = daemon(Map.of());
        llm.enqueueText(answer);
        telegram.failSendsContaining("PART-TWO", 502);  // part 2 keeps failing: the reply waits in the outbox with part 1 recorded
        telegram.userSends(OWNER, "owner", "a long answer, please");
        await().atMost(WAIT).until(() -> telegram.calls("sendMessage").stream().anyMatch(c -> c.params().path("text").asText().startsWith("PART-TWO")));
        assertThat(startingWith("PART-ONE")).isEqualTo(1);
        d.kill();

        telegram.failSendsContaining(null, 0);
        DaemonProcess again = daemon(Map.of());
        await().atMost(WAIT).until(() -> startingWith("PART-THREE") == 1);
        Thread.sleep(2_500);
        assertThat(telegram.messagesTo(OWNER)).extracting(s -> s.text().substring(0, s.text().indexOf(' ')))
                .containsExactly("PART-ONE", "PART-TWO", "PART-THREE");
        assertThat(llm.requests()).hasSize(1);  // the turn itself was not redone
        assertThat(again.terminate()).isZero();
    }

    @Test
    void sigtermWhileAReplyIsBeingSent_finishesTheSendWithinTheGrace_andNothingIsSentAgainAfterRestart() throws Exception {
        DaemonProcess d = daemon(Map.of("BLUFIO_DAEMON__SHUTDOWN_GRACE_S", "20"));
        await().atMost(WAIT).until(() -> telegram.completedPolls() >= 1);
        telegram.holdSends(true);
        telegram.userSends(OWNER, "owner", "in flight");
        await().atMost(WAIT).until(() -> replies(d).path("sending").asLong() == 1 && telegram.heldSends() >= 1);
        d.process().destroy();  // SIGTERM while Telegram holds the sendMessage
        Thread.sleep(1_000);
        telegram.holdSends(false);
        assertThat(d.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(d.process().exitValue()).isZero();
        assertThat(count(OWNER, "echo: in flight")).isEqualTo(1);

        DaemonProcess again = daemon(Map.of());
        await().atMost(WAIT).until(() -> telegram.completedPolls() >= 3);
        Thread.sleep(2_000);
        assertThat(count(OWNER, "echo: in flight")).isEqualTo(1);
        assertThat(replies(again).path("pending").asLong()).isZero();
        assertThat(again.terminate()).isZero();
    }

    /** About 3,500 characters starting with {@code marker}: one Telegram message each, three to a reply. */
    private static String paragraph(String marker) {
        StringBuilder sb = new StringBuilder(marker);
        for (int i = 0; sb.length() < 3_500; i++) sb.append(" sentence ").append(i).append(" of ").append(marker.toLowerCase()).append('.');
        return sb.toString();
    }
}
