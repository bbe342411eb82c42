package io.blufio.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.blufio.agent.DeliveryStatus;
import io.blufio.fixtures.FakeTelegramServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Telegram edge cases seen against a Bot API emulator, reproduced with the stand-in. */
final class TelegramEdgeCasesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long OWNER = TelegramHarness.OWNER;
    private static final long BOT_A = 123456789;
    private static final String TOKEN_B = "987654321:BBFakeSecondTokenForTests_y-9876543210ab";
    private static final long BOT_B = 987654321;
    @TempDir Path tmp;
    private final List<TelegramHarness> started = new ArrayList<>();
    private FakeTelegramServer telegram;

    @AfterEach
    void close() {
        for (TelegramHarness h : started) h.stop();
        if (telegram != null) telegram.close();
    }

    private TelegramHarness start(String token) {
        TelegramHarness h = new TelegramHarness(tmp, Duration.ofSeconds(12), Map.of(), telegram, token);
        started.add(h);
        return h;
    }

    private void stop(TelegramHarness h) {
        started.remove(h);
        h.stop();
    }

    private long count(TelegramHarness h, String text) {
        return h.texts(OWNER).stream().filter(text::equals).count();
    }

    @Test
    void tokenSwitch_newBotStartsFromItsOwnOffset_andTheOldBotResumesAtItsOwn() {
        telegram = new FakeTelegramServer().addBot(TOKEN_B, 100);  // both bots number their updates from 100
        TelegramHarness a = start(FakeTelegramServer.TOKEN);
        for (int i = 1; i <= 3; i++) telegram.userSends(OWNER, "owner", "a" + i);
        await().atMost(WAIT).until(() -> count(a, "echo: a3") == 1 && count(a, "echo: a1") == 1);
        await().atMost(WAIT).until(() -> a.state.offset(BOT_A) == 103);
        stop(a);

        TelegramHarness b = start(TOKEN_B);  // same data dir, another bot
        long b1 = telegram.userSendsTo(TOKEN_B, OWNER, "owner", "b1");
        telegram.userSendsTo(TOKEN_B, OWNER, "owner", "b2");
        assertThat(b1).isEqualTo(100);  // the id bot A had used: neither skipped by A's offset nor dropped as a duplicate
        await().atMost(WAIT).until(() -> count(b, "echo: b1") == 1 && count(b, "echo: b2") == 1);
        await().atMost(WAIT).until(() -> b.state.offset(BOT_B) == 102);
        assertThat(b.state.offset(BOT_A)).isEqualTo(103);
        stop(b);

        int before = telegram.calls().size();
        TelegramHarness again = start(FakeTelegramServer.TOKEN);
        telegram.userSends(OWNER, "owner", "a4");
        await().atMost(WAIT).until(() -> count(again, "echo: a4") == 1);
        var firstPoll = telegram.calls().subList(before, telegram.calls().size()).stream()
                .filter(c -> c.method().equals("getUpdates") && c.botId() == BOT_A).findFirst().orElseThrow();
        assertThat(firstPoll.params().path("offset").asLong()).isEqualTo(103);
        assertThat(count(again, "echo: a1")).isEqualTo(1);
    }

    @Test
    void instantEmptyPolls_arePacedByTheMinimumInterval_insteadOfSpinning() {
        telegram = new FakeTelegramServer();
        telegram.instantEmptyPolls(true);
        TelegramHarness h = start(FakeTelegramServer.TOKEN);
        await().atMost(WAIT).until(() -> telegram.completedPolls() >= 10);
        int polls = telegram.completedPolls();
        List<Duration> waits = List.copyOf(h.waits);
        // every empty answer was followed by a wait for the rest of the interval (the harness shortens each to 20 ms)
        assertThat(waits.size()).isGreaterThanOrEqualTo(polls - 2);
        assertThat(waits).allMatch(d -> !d.isNegative() && !d.isZero() && d.compareTo(Poller.MIN_EMPTY_POLL_INTERVAL) <= 0);
        telegram.userSends(OWNER, "owner", "still there?");
        await().atMost(WAIT).until(() -> count(h, "echo: still there?") == 1);
    }

    @Test
    void chatActionRateLimited_previewsStillStream_andTheIndicatorWaitsInsteadOfRetryingEveryEdit() {
        telegram = new FakeTelegramServer();
        telegram.failChatActions(429);
        TelegramHarness h = start(FakeTelegramServer.TOKEN);
        String answer = String.join(" ", java.util.Collections.nCopies(20, "word"));
        h.llm.enqueueSlowText(answer, 120);
        telegram.userSends(OWNER, "owner", "stream please");
        await().atMost(WAIT).until(() -> h.texts(OWNER).contains(answer));
        var sent = telegram.messagesTo(OWNER);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).edits()).isGreaterThanOrEqualTo(1);  // the preview was edited while the indicator failed
        assertThat(telegram.calls("sendChatAction")).hasSizeBetween(1, 2);  // renewed every 4 s at most, not at every 200 ms edit
    }

    @Test
    void chatActionNotSupported_isTriedOnce_andPreviewsStillStream() {
        telegram = new FakeTelegramServer();
        telegram.failChatActions(400);
        TelegramHarness h = start(FakeTelegramServer.TOKEN);
        String answer = String.join(" ", java.util.Collections.nCopies(20, "token"));
        h.llm.enqueueSlowText(answer, 120);
        telegram.userSends(OWNER, "owner", "stream please");
        await().atMost(WAIT).until(() -> h.texts(OWNER).contains(answer));
        assertThat(telegram.messagesTo(OWNER).get(0).edits()).isGreaterThanOrEqualTo(1);
        assertThat(telegram.calls("sendChatAction")).hasSize(1);
    }

    @Test
    void longCodeBlock_splitAcrossParts_isClosedAndReopened_soEachPartRendersAsHtml() {
        telegram = new FakeTelegramServer();
        TelegramHarness h = start(FakeTelegramServer.TOKEN);
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 300; i++) code.append("    int x").append(i).append(" = ").append(i).append(";  // keep <this> & that\n");
        h.llm.enqueueText("Here is the code:\n\n```java\n" + code + "```\n\nThat is all.");
        telegram.userSends(OWNER, "owner", "code please");
        await().atMost(WAIT).until(() -> h.texts(OWNER).stream().anyMatch(t -> t.contains("That is all.")));
        var sent = telegram.messagesTo(OWNER);
        assertThat(sent).hasSizeGreaterThanOrEqualTo(3);
        assertThat(sent).allMatch(s -> "HTML".equals(s.parseMode()), "every part was accepted as HTML (no plain-text fallback)");
        var withCode = sent.stream().filter(s -> s.text().contains("int x")).toList();
        assertThat(withCode).hasSizeGreaterThanOrEqualTo(3);  // the block spans several parts...
        assertThat(withCode).allMatch(s -> s.text().split("<pre><code class=\"language-java\">", -1).length == 2
                && s.text().split("</code></pre>", -1).length == 2, "...and each part opens and closes it once");
        List<Integer> seen = new ArrayList<>();
        Matcher m = Pattern.compile("\n?    int x(\\d+) = \\1;  // keep &lt;this&gt; &amp; that").matcher(String.join("\n", h.texts(OWNER)));
        while (m.find()) seen.add(Integer.parseInt(m.group(1)));
        assertThat(seen).hasSize(300).isSorted();  // every line once, in order, indentation kept
    }

    @Test
    void replyRefusedByTelegram_endsFailedWithTheReason_andTheNextReplyStillGoesOut() {
        telegram = new FakeTelegramServer();
        TelegramHarness h = start(FakeTelegramServer.TOKEN);
        telegram.failSendsContaining("doomed", 400);
        h.llm.enqueueText("this answer is doomed");
        telegram.userSends(OWNER, "owner", "q1");
        await().atMost(WAIT).until(() -> h.agent.deliveries().get("telegram").failed() == 1);
        DeliveryStatus d = h.agent.deliveries().get("telegram");
        assertThat(d.lastFailure()).contains("400").contains("chat not found");
        telegram.failSendsContaining(null, 0);
        telegram.userSends(OWNER, "owner", "q2");
        await().atMost(WAIT).until(() -> count(h, "echo: q2") == 1);
        assertThat(h.texts(OWNER)).noneMatch(t -> t.contains("doomed"));
        assertThat(telegram.calls("sendMessage").stream().filter(c -> c.params().path("text").asText().contains("doomed")))
                .hasSizeLessThanOrEqualTo(3);  // the final part once (HTML, then plain), maybe one preview: never retried
    }
}
