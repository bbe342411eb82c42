package io.blufio.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Telegram loop against a hostile or broken upstream (a proxy between blufio and Telegram, or a newer Bot
 * API): every fault fails at most the poll it is in, and the next message is still answered.
 */
final class HostileUpstreamTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir Path tmp;
    private TelegramHarness h;

    @BeforeEach
    void start() {
        h = new TelegramHarness(tmp, Duration.ofSeconds(12), Map.of());
        await().atMost(WAIT).until(() -> h.telegram.completedPolls() >= 1);
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void getUpdatesAnswerOf20MiB_failsThatPollOnly_thenFewerUpdatesAreAskedFor_andMessagesFlow() {
        h.telegram.oversizeNextPoll(20L << 20);
        await().atMost(WAIT).until(() -> h.channel.health().lastError() != null && h.channel.health().lastError().contains("larger than"));
        h.telegram.userSends(TelegramHarness.OWNER, "owner", "after the flood");

        await().atMost(WAIT).until(() -> h.texts(TelegramHarness.OWNER).contains("echo: after the flood"));
        assertThat(h.telegram.calls("getUpdates")).anyMatch(c -> c.params().path("limit").asInt() == BotApi.MAX_BATCH / 10);
        await().atMost(WAIT).until(() -> h.channel.health().state() == io.blufio.channel.ChannelState.UP);
    }

    @Test
    void answerOfTooManyJsonTokens_isRefusedBeforeATreeIsBuilt_andMessagesFlow() {
        h.telegram.manyTokensNextPoll(BotApi.MAX_JSON_TOKENS);  // about 300 KB, but 100,000 objects
        await().atMost(WAIT).until(() -> h.channel.health().lastError() != null && h.channel.health().lastError().contains("JSON tokens"));
        h.telegram.userSends(TelegramHarness.OWNER, "owner", "still here");

        await().atMost(WAIT).until(() -> h.texts(TelegramHarness.OWNER).contains("echo: still here"));
    }

    @Test
    void rateLimitWithRetryAfterOf31Years_waitsAtMost60Seconds() {
        h.telegram.rateLimitNextPoll(1_000_000_000L);
        await().atMost(WAIT).until(() -> h.waits.contains(BotApiException.MAX_RETRY_AFTER));
        h.telegram.userSends(TelegramHarness.OWNER, "owner", "hello again");

        await().atMost(WAIT).until(() -> h.texts(TelegramHarness.OWNER).contains("echo: hello again"));
        assertThat(h.waits).allMatch(d -> d.compareTo(BotApiException.MAX_RETRY_AFTER) <= 0);
    }

    @Test
    void unknownFieldsBeforeAndInsideTheMessage_areIgnored_andTheMessageAnswered() {
        long id = h.telegram.userSendsWithUnknownFields(TelegramHarness.OWNER, "owner", "from a newer API");

        await().atMost(WAIT).until(() -> h.texts(TelegramHarness.OWNER).contains("echo: from a newer API"));
        assertThat(h.state.offset(123456789L)).isEqualTo(id + 1);
    }

    @Test
    void updateIdsOutOfRange_neverMoveTheOffset_andTheNextMessageIsAnswered() {
        h.telegram.hostileUpdateId("9223372036854775800", TelegramHarness.OWNER, "near 2^63");
        h.telegram.hostileUpdateId("18446744073709551616", TelegramHarness.OWNER, "past 2^64");
        h.telegram.hostileUpdateId("1e300", TelegramHarness.OWNER, "a float");
        h.telegram.hostileUpdateId("-7", TelegramHarness.OWNER, "negative");
        long good = h.telegram.userSends(TelegramHarness.OWNER, "owner", "a real one");

        await().atMost(WAIT).until(() -> h.texts(TelegramHarness.OWNER).contains("echo: a real one"));
        assertThat(h.state.offset(123456789L)).isEqualTo(good + 1);
        assertThat(h.texts(TelegramHarness.OWNER)).noneMatch(t -> t.contains("2^63") || t.contains("2^64") || t.contains("float")
                || t.contains("negative"));
        await().atMost(WAIT).until(() -> h.waits.size() >= 2);  // polls that bring only invalid updates back off instead of spinning
    }

    @Test
    void retryAfter_isCappedAndSanitised() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(BotApi.retryAfter(json.readTree("3"))).isEqualTo(Duration.ofSeconds(3));
        assertThat(BotApi.retryAfter(json.readTree("60"))).isEqualTo(Duration.ofSeconds(60));
        assertThat(BotApi.retryAfter(json.readTree("61"))).isEqualTo(Duration.ofSeconds(60));
        assertThat(BotApi.retryAfter(json.readTree("1000000000"))).isEqualTo(Duration.ofSeconds(60));
        assertThat(BotApi.retryAfter(json.readTree("18446744073709551616"))).isEqualTo(Duration.ofSeconds(60));
        assertThat(BotApi.retryAfter(json.readTree("1.5"))).isEqualTo(Duration.ofSeconds(2));
        assertThat(BotApi.retryAfter(json.readTree("-1"))).isNull();
        assertThat(BotApi.retryAfter(json.readTree("\"soon\""))).isNull();
        assertThat(BotApi.retryAfter(json.missingNode())).isNull();
    }

    @Test
    void telegramUpdate_rangeChecksTheId() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(TelegramUpdate.parse(json.readTree("{\"update_id\":4503599627370495,\"message\":{}}")).validId()).isTrue();  // 2^52 - 1
        assertThat(TelegramUpdate.parse(json.readTree("{\"update_id\":4503599627370496,\"message\":{}}")).validId()).isFalse();
        assertThat(TelegramUpdate.parse(json.readTree("{\"update_id\":\"12\",\"message\":{}}")).validId()).isFalse();
        assertThat(TelegramUpdate.parse(json.readTree("{\"message\":{}}")).validId()).isFalse();
        assertThat(TelegramUpdate.parse(json.readTree("{\"x_new\":{\"a\":1},\"update_id\":5,\"message\":{\"text\":\"t\"}}")).kind())
                .isEqualTo("message");
    }
}
