package io.blufio.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.fixtures.FakeReply;
import io.blufio.fixtures.FakeTelegramServer;
import io.blufio.store.Database;
import io.blufio.store.MessageStore;
import io.blufio.store.SessionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 3, against real {@code serve} processes: a session of 6,000 turns with compaction refused
 * answers at the launcher's 64 MB heap and does not loop after a restart; a message whose turn dies with
 * the process every time (SIGKILL mid-turn) is dead-lettered after {@code inbox.max_attempts} (3) and its
 * sender told so.
 */
final class BoundedWorkEndToEndTest {
    private static final long OWNER = 42;
    private static final Duration WAIT = Duration.ofSeconds(60);
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

    private DaemonProcess daemon(Map<String, String> extra, String heap) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY,
                "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(), "BLUFIO_LLM__MAX_RETRIES", "0"));
        env.putAll(extra);
        DaemonProcess d = new DaemonProcess(tmp.resolve("data"), env).maxHeap(heap).start();
        daemons.add(d);
        return d;
    }

    private static boolean isCompaction(JsonNode body) {
        return body.path("system").toString().contains("You maintain the running summary");
    }

    @Test
    void sixThousandTurns_compactionRefused_nextTurnAnswersAt64MbHeap_andNoLoopAfterRestart() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        String filler = "lorem ipsum dolor sit amet ".repeat(220);  // about 6 KB a message, 72 MB of history in all
        try (Database db = Database.open(data.resolve("blufio.db"))) {
            MessageStore messages = new MessageStore(db);
            SessionStore sessions = new SessionStore(db);
            db.write(c -> {
                long session = sessions.getOrCreate(c, "api:cli", "api", Instant.now()).id();
                for (int turn = 1; turn <= 6_000; turn++) {
                    messages.insert(c, session, -turn, "user", blocks("question " + turn + " " + filler), null, Instant.now());
                    messages.insert(c, session, -turn, "assistant", blocks("answer " + turn + " " + filler), "claude-test", Instant.now());
                }
                return null;
            });
        }
        llm.refuseWhen(BoundedWorkEndToEndTest::isCompaction,
                new FakeReply.Error(400, "invalid_request_error", "compaction is not allowed here", Map.of()));

        DaemonProcess d = daemon(Map.of(), "64m");
        JsonNode answer = d.message("turn 6001: are you still there?");
        assertThat(answer.path("content").asText()).isEqualTo("echo: turn 6001: are you still there?");
        List<JsonNode> turns = llm.requests().stream().map(r -> r.body()).filter(b -> !isCompaction(b)).toList();
        assertThat(llm.requests().stream().map(r -> r.body()).filter(BoundedWorkEndToEndTest::isCompaction)).hasSize(1);
        JsonNode sent = turns.get(turns.size() - 1).path("messages");
        assertThat(sent.size()).isLessThanOrEqualTo(2 * 40 + 1);
        assertThat(sent.toString()).contains("answer 6000 ").doesNotContain("question 1 ").contains("left out without a summary");
        assertThat(d.logText()).contains("compaction failed").contains("without a summary (compaction fallback");
        assertThat(d.terminate()).isZero();

        DaemonProcess again = daemon(Map.of(), "64m");
        assertThat(again.message("turn 6002").path("content").asText()).isEqualTo("echo: turn 6002");
        assertThat(again.terminate()).isZero();
        assertThat(again.logText()).doesNotContain("will run again");  // nothing was left in the inbox to replay
        try (Database db = Database.open(data.resolve("blufio.db"))) {
            assertThat(count(db, "SELECT count(*) FROM inbox WHERE state <> 'done'")).isZero();
            assertThat(count(db, "SELECT count(DISTINCT turn_id) FROM messages WHERE compacted = 0")).isLessThanOrEqualTo(2 * 40);
            assertThat(count(db, "SELECT count(*) FROM messages")).isEqualTo(12_000 + 4);  // originals stay
        }
    }

    @Test
    void turnKilledWithTheProcessThreeTimes_isDeadLetteredWithAReply_andNeverRunAgain() throws Exception {
        Map<String, String> tg = Map.of("TELEGRAM_BOT_TOKEN", FakeTelegramServer.TOKEN, "BLUFIO_TELEGRAM__API_BASE_URL", telegram.url(),
                "BLUFIO_TELEGRAM__POLL_TIMEOUT_S", "1", "BLUFIO_TELEGRAM__ALLOWED_USERS", String.valueOf(OWNER));
        llm.hang(true);  // every turn stays inside the model call until its process dies: a poison message
        telegram.userSends(OWNER, "owner", "the message that kills the daemon");
        for (int attempt = 1; attempt <= 3; attempt++) {
            DaemonProcess d = daemon(tg, "128m");
            int seen = attempt;
            await().atMost(WAIT).until(() -> llm.requests().size() == seen);
            d.kill();
        }
        DaemonProcess fourth = daemon(tg, "128m");
        await().atMost(WAIT).until(() -> telegram.messagesTo(OWNER).stream().anyMatch(m -> m.text().contains("set aside")));
        assertThat(fourth.logText()).contains("dead-lettered after 3 unfinished attempts");
        assertThat(fourth.terminate()).isZero();

        int polls = telegram.completedPolls();
        DaemonProcess fifth = daemon(tg, "128m");
        await().atMost(WAIT).until(() -> telegram.completedPolls() > polls + 1);  // up, polling, dispatching
        assertThat(fifth.terminate()).isZero();
        assertThat(llm.requests()).hasSize(3);  // never a fourth model call for it
        assertThat(telegram.messagesTo(OWNER).stream().filter(m -> m.text().contains("set aside"))).hasSize(1);
        try (Database db = Database.open(tmp.resolve("data/blufio.db"))) {
            assertThat(count(db, "SELECT count(*) FROM inbox WHERE state = 'failed' AND attempts = 3 AND result LIKE '%dead_letter%'"))
                    .isEqualTo(1);
        }
    }

    private static String blocks(String text) {
        return DaemonProcess.JSON.createArrayNode().add(DaemonProcess.JSON.createObjectNode().put("type", "text").put("text", text)).toString();
    }

    private static long count(Database db, String sql) {
        return db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
