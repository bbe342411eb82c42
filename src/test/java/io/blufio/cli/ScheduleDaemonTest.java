package io.blufio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.fixtures.FakeTelegramServer;
import io.blufio.fixtures.RecordedRequest;
import io.blufio.store.LedgerStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reminders set by the model through its {@code schedule_create} tool, in the daemon of {@code serve} (in
 * process): the LLM stand-in calls the tool with "in 5 seconds", and the reminder's turn answers once on
 * the Telegram stand-in and once in the API session's history.
 */
final class ScheduleDaemonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long OWNER = 42;
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir Path tmp;
    private FakeAnthropicServer llm;
    private FakeTelegramServer telegram;
    private InProcessDaemon d;

    @BeforeEach
    void start() {
        llm = new FakeAnthropicServer();
        telegram = new FakeTelegramServer();
        d = new InProcessDaemon(tmp, llm, FakeAnthropicServer.API_KEY, Map.of("TELEGRAM_BOT_TOKEN", FakeTelegramServer.TOKEN,
                "BLUFIO_TELEGRAM__API_BASE_URL", telegram.url(), "BLUFIO_TELEGRAM__POLL_TIMEOUT_S", "1",
                "BLUFIO_TELEGRAM__ALLOWED_USERS", String.valueOf(OWNER), "BLUFIO_MEMORY__ENABLED", "false",
                "BLUFIO_AGENT__TIMEZONE", "Europe/Paris"));
    }

    @AfterEach
    void stop() {
        d.close();
        llm.close();
        telegram.close();
    }

    private List<String> texts() {
        return telegram.messagesTo(OWNER).stream().map(FakeTelegramServer.Sent::text).toList();
    }

    private static String inFiveSeconds(String prompt) {
        return JSON.createObjectNode().put("prompt", prompt).put("at", Instant.now().plusSeconds(5).toString()).toString();
    }

    /** Returns the text of the tool result the model got back in request {@code r}. */
    private static String toolResult(RecordedRequest r) throws Exception {
        JsonNode messages = r.body().path("messages");
        for (JsonNode block : messages.get(messages.size() - 1).path("content")) {
            if ("tool_result".equals(block.path("type").asText())) {
                JsonNode c = block.path("content");
                return c.isTextual() ? c.asText() : c.path(0).path("text").asText();
            }
        }
        return "";
    }

    @Test
    void reminderInFiveSeconds_byTheModelsTool_isDeliveredOnceToTelegram_andOnceIntoTheApiHistory() throws Exception {
        // Telegram: the user asks, the model calls schedule_create, then confirms; 5 s later the reminder's turn answers
        llm.enqueueToolUse("schedule_create", inFiveSeconds("Remind the user to stretch"));
        llm.enqueueText("I will remind you in 5 seconds.");
        llm.enqueueText("Time to stretch!");
        telegram.userSends(OWNER, "owner", "remind me in 5 seconds to stretch");
        await().atMost(WAIT).until(() -> texts().contains("I will remind you in 5 seconds."));
        assertThat(toolResult(llm.requests().get(1))).startsWith("created schedule #1 once at ").contains("next: ")
                .contains("+01:00").contains("(times in Europe/Paris)");
        await().atMost(WAIT).until(() -> texts().contains("Time to stretch!"));

        // API: the same through POST /v1/messages for the session "phone"
        llm.enqueueToolUse("schedule_create", inFiveSeconds("Remind the user to drink water"));
        llm.enqueueText("Reminder set.");
        llm.enqueueText("Drink some water now.");
        var res = d.post("/v1/messages", "{\"content\":\"remind me in 5 s to drink water\",\"session\":\"phone\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(res.statusCode()).isEqualTo(200);
        long session = JSON.readTree(res.body()).path("session_id").asLong();
        await().atMost(WAIT).until(() -> history(session).contains("Drink some water now."));

        Thread.sleep(2_500);  // further scheduler passes (one a second at most) must not run either reminder again
        assertThat(texts().stream().filter("Time to stretch!"::equals)).hasSize(1);
        assertThat(history(session).stream().filter("Drink some water now."::equals)).hasSize(1);
        assertThat(llm.requests()).hasSize(6);
        String scheduledPrompt = llm.requests().get(2).body().toString();
        assertThat(scheduledPrompt).contains("[Scheduled task #1").contains("Remind the user to stretch");

        JsonNode list = JSON.readTree(d.signedGet("/v1/schedules?all=true").body()).path("schedules");
        assertThat(list).hasSize(2);
        for (JsonNode s : list) {
            assertThat(s.path("kind").asText()).isEqualTo("at");
            assertThat(s.path("state").asText()).isEqualTo("done");
            assertThat(s.path("next_fire_at").isNull()).isTrue();
            assertThat(s.path("last_run").path("outcome").asText()).isEqualTo("fired");
            long turn = s.path("last_run").path("turn_id").asLong();
            assertThat(new LedgerStore(d.daemon.db()).forTurn(turn)).extracting(e -> e.feature()).containsOnly("schedule");
        }
        assertThat(list.get(0).path("session").asText()).isEqualTo("telegram:42");
        assertThat(list.get(1).path("session").asText()).isEqualTo("api:phone");
        assertThat(JSON.readTree(d.signedGet("/v1/schedules").body()).path("schedules")).isEmpty();  // active only by default
        String metrics = d.get("/metrics").body();
        assertThat(metrics).contains("blufio_schedule_runs_total{outcome=\"fired\"} 2.0").contains("blufio_schedule_lag_seconds_bucket");
    }

    @Test
    void modelCannotCancelAnotherSessionsSchedule_andBadInputStoresNothing() throws Exception {
        llm.enqueueToolUse("schedule_create", "{\"prompt\":\"p\",\"cron\":\"* * * *\"}");
        llm.enqueueToolUse("schedule_create", "{\"prompt\":\"daily\",\"cron\":\"0 9 * * *\"}");
        llm.enqueueText("done");
        assertThat(d.post("/v1/messages", "{\"content\":\"set it\",\"session\":\"a\"}".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        assertThat(toolResult(llm.requests().get(1))).contains("has 4 fields").contains("nothing was stored");
        assertThat(toolResult(llm.requests().get(2))).contains("cron \"0 9 * * *\" (Europe/Paris)").contains("09:00:00 +0");

        llm.enqueueToolUse("schedule_cancel", "{\"id\":1}");
        llm.enqueueToolUse("schedule_list", "{}");
        llm.enqueueText("ok");
        assertThat(d.post("/v1/messages", "{\"content\":\"cancel it\",\"session\":\"b\"}".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        assertThat(toolResult(llm.requests().get(4))).contains("no active schedule 1 in this conversation");
        assertThat(toolResult(llm.requests().get(5))).isEqualTo("no active schedules in this conversation");
        assertThat(JSON.readTree(d.signedGet("/v1/schedules").body()).path("schedules")).hasSize(1);
    }

    private List<String> history(long session) throws Exception {
        JsonNode page = JSON.readTree(d.signedGet("/v1/sessions/" + session + "/messages").body());
        return java.util.stream.StreamSupport.stream(page.path("messages").spliterator(), false)
                .filter(m -> m.path("role").asText().equals("assistant")).map(m -> m.path("text").asText()).toList();
    }
}
