package io.blufio.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.blufio.channel.ChannelState;
import io.blufio.fixtures.FakeTelegramServer;
import io.blufio.store.TelegramUserStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Telegram channel in-process: fake Bot API, fake LLM, real agent and SQLite. */
final class TelegramChannelTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** The bot id of {@link FakeTelegramServer#TOKEN}. */
    private static final long BOT = 123456789;
    @TempDir Path tmp;
    private TelegramHarness h;

    @AfterEach
    void close() {
        if (h != null) h.close();
    }

    private TelegramHarness start() {
        h = new TelegramHarness(tmp, Duration.ofSeconds(12), Map.of());
        return h;
    }

    @Test
    void allowedUser_isAnswered_andOffsetConfirmedAfterInbox() {
        start();
        h.llm.enqueueText("Hello **owner**!");
        long update = h.telegram.userSends(TelegramHarness.OWNER, "owner", "hi");
        await().atMost(WAIT).until(() -> h.texts(TelegramHarness.OWNER).contains("Hello <b>owner</b>!"));
        assertThat(h.state.offset(BOT)).isEqualTo(update + 1);
        assertThat(h.telegram.calls("deleteWebhook")).hasSize(1);
        assertThat(h.telegram.calls("sendChatAction")).isNotEmpty();
        assertThat(h.channel.health().state()).isEqualTo(ChannelState.UP);
        assertThat(h.channel.health().lastOkAt()).isNotNull();
    }

    @Test
    void memoryPressure_newConversationGetsBusyNote_noLlmCall_andOffsetMovesOn() {
        start();
        h.agent.refuseNewSessions(true);
        long update = h.telegram.userSends(TelegramHarness.OWNER, "owner", "hi");
        await().atMost(WAIT).until(() -> h.texts(TelegramHarness.OWNER).contains(UpdateHandler.BUSY));
        await().atMost(WAIT).until(() -> h.state.offset(BOT) == update + 1);
        assertThat(h.llm.requests()).isEmpty();
        assertThat(h.channel.health().state()).isEqualTo(ChannelState.UP);
    }

    @Test
    void allowedByUsername_isAnswered() {
        start();
        h.telegram.userSends(77, "Friend", "hello there");
        await().atMost(WAIT).until(() -> h.texts(77).contains("echo: hello there"));
    }

    @Test
    void stranger_getsExactlyOneRefusal_noLlmCall_untilApproved() {
        start();
        h.telegram.userSends(999, "stranger", "let me in");
        h.telegram.userSends(999, "stranger", "please?");
        long third = h.telegram.userSends(999, "stranger", "hello??");
        await().atMost(WAIT).until(() -> h.state.offset(BOT) == third + 1);
        assertThat(h.texts(999)).hasSize(1);
        assertThat(h.texts(999).get(0)).startsWith("Sorry, I only talk to people my owner has approved");
        assertThat(h.llm.requests()).isEmpty();

        var store = new TelegramUserStore(h.db);
        String code = store.pending().get(0).code();
        assertThat(h.texts(999).get(0)).contains(code);
        assertThat(store.approve(code.toLowerCase(), Instant.now())).isPresent();
        h.telegram.userSends(999, "stranger", "now?");
        await().atMost(WAIT).until(() -> h.texts(999).contains("echo: now?"));
        assertThat(h.llm.requests()).hasSize(1);
    }

    @Test
    void twoConflictsThenThreeBadGateways_nextMessageIsStillAnswered() {
        start();
        await().atMost(WAIT).until(() -> h.telegram.completedPolls() >= 1);
        h.telegram.failPolls(409, 2);
        h.telegram.failPolls(502, 3);
        await().atMost(WAIT).until(() -> h.waits.size() >= 5);
        h.telegram.userSends(TelegramHarness.OWNER, "owner", "still there?");
        await().atMost(WAIT).until(() -> h.texts(TelegramHarness.OWNER).contains("echo: still there?"));
        // 409: at least one poll timeout (1 s); then the 502s go on doubling (ceilings 4, 8, 16 s, half of it jitter)
        assertThat(h.waits.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(h.waits.get(1)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(h.waits.get(2)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(h.waits.get(4)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(16));
        assertThat(h.waits).allMatch(d -> d.compareTo(Poller.BACKOFF.cap()) <= 0);
        assertThat(h.channel.health().state()).isEqualTo(ChannelState.UP);
    }

    @Test
    void sticker_getsTextOnlyNote_editsAndGroupsAreIgnored() {
        start();
        h.telegram.userSendsSticker(TelegramHarness.OWNER, "owner");
        h.telegram.userEdits(TelegramHarness.OWNER, "owner", "edited text");
        long last = h.telegram.userSendsInGroup(TelegramHarness.OWNER, "owner", "group text");
        await().atMost(WAIT).until(() -> h.state.offset(BOT) == last + 1);
        await().atMost(WAIT).until(() -> h.texts(TelegramHarness.OWNER).size() == 1);
        assertThat(h.texts(TelegramHarness.OWNER)).containsExactly(UpdateHandler.ONLY_TEXT);
        assertThat(h.llm.requests()).isEmpty();
    }

    @Test
    void tenThousandCharacterAnswer_arrivesAsSeveralMessages_noWordCut() {
        start();
        StringBuilder answer = new StringBuilder();
        for (int i = 0; answer.length() < 10_000; i++) {
            answer.append("Sentence number ").append(i).append(" talks about elephants and their memories.");
            answer.append(i % 7 == 6 ? "\n\n" : " ");
        }
        String text = answer.toString().strip();
        h.llm.enqueueText(text);
        h.telegram.userSends(TelegramHarness.OWNER, "owner", "tell me a lot");
        String[] words = text.split("\\s+");
        await().atMost(WAIT).until(() -> String.join(" ", h.texts(TelegramHarness.OWNER)).split("\\s+").length == words.length);
        var texts = h.texts(TelegramHarness.OWNER);
        assertThat(texts).hasSizeGreaterThanOrEqualTo(3).allMatch(t -> t.length() <= MessageSplitter.MAX_CHARS);
        assertThat(String.join(" ", texts).split("\\s+")).containsExactly(words);
    }

    @Test
    void specialCharacters_renderAsHtml_orFallBackToPlainText() {
        start();
        String answer = "Use a < b && c > d, snake_case_name, *stars* and [brackets] _x_";
        h.llm.enqueueText(answer);
        h.telegram.userSends(TelegramHarness.OWNER, "owner", "q1");
        await().atMost(WAIT).until(() -> h.telegram.messagesTo(TelegramHarness.OWNER).stream().anyMatch(s -> "HTML".equals(s.parseMode())));
        assertThat(h.texts(TelegramHarness.OWNER)).contains(
                "Use a &lt; b &amp;&amp; c &gt; d, snake_case_name, <i>stars</i> and [brackets] <i>x</i>");

        h.telegram.refuseHtml(true);
        h.llm.enqueueText("**bold** & <tag>");
        h.telegram.userSends(TelegramHarness.OWNER, "owner", "q2");
        await().atMost(WAIT).until(() -> h.texts(TelegramHarness.OWNER).contains("**bold** & <tag>"));
    }

    @Test
    void failedSend_isRetriedWithBackoff_neverDropped() {
        start();
        h.telegram.failSends(502, 1);
        h.telegram.userSends(TelegramHarness.OWNER, "owner", "retry me");
        await().atMost(WAIT).until(() -> h.texts(TelegramHarness.OWNER).contains("echo: retry me"));
        assertThat(h.texts(TelegramHarness.OWNER).stream().filter("echo: retry me"::equals)).hasSize(1);
    }

    @Test
    void slowAnswer_isStreamedByEditingOneMessage() {
        start();
        h.llm.enqueueSlowText("one two three four five six seven eight nine ten", 120);
        h.telegram.userSends(TelegramHarness.OWNER, "owner", "stream please");
        await().atMost(WAIT).until(() -> h.texts(TelegramHarness.OWNER).contains("one two three four five six seven eight nine ten"));
        var sent = h.telegram.messagesTo(TelegramHarness.OWNER);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).edits()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void revokedToken_stopsPolling_andReportsFailedWithReason() {
        h = new TelegramHarness(tmp, Duration.ofSeconds(12), Map.of(), new FakeTelegramServer(), "999:revoked");
        await().atMost(WAIT).until(() -> h.channel.health().state() == ChannelState.FAILED);
        assertThat(h.channel.health().lastError()).contains("401").contains("telegram.bot_token").doesNotContain("999:revoked");
        assertThat(h.telegram.calls()).isEmpty();  // the fake records only calls made with its token
    }
}
