package io.blufio.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.fixtures.FakeTelegramServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recurring schedule through real {@code serve} processes, a SIGTERM restart and a SIGKILL while an
 * occurrence's turn runs: every occurrence is delivered to the Telegram stand-in at most once, and each one
 * is accounted for (run, or recorded as skipped while the daemon was down). The schedule fires every 2 s
 * ({@code schedules.min_interval_s = 1}) so the test takes seconds, not minutes; the every-minute case with a
 * moved clock is {@code SchedulerTest}.
 */
final class ScheduleEndToEndTest {
    private static final long OWNER = 42;
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final Pattern DUE = Pattern.compile("due (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(?::\\d\\d)?)");
    @TempDir Path tmp;
    private FakeAnthropicServer llm;
    private FakeTelegramServer telegram;
    private final List<DaemonProcess> daemons = new ArrayList<>();
    private Map<String, String> env;

    @BeforeEach
    void startFakes() {
        llm = new FakeAnthropicServer();
        telegram = new FakeTelegramServer();
        env = new HashMap<>(Map.of("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY, "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(),
                "TELEGRAM_BOT_TOKEN", FakeTelegramServer.TOKEN, "BLUFIO_TELEGRAM__API_BASE_URL", telegram.url(),
                "BLUFIO_TELEGRAM__POLL_TIMEOUT_S", "1", "BLUFIO_TELEGRAM__ALLOWED_USERS", String.valueOf(OWNER),
                "BLUFIO_SCHEDULES__MIN_INTERVAL_S", "1", "BLUFIO_AGENT__TIMEZONE", "UTC", "BLUFIO_MEMORY__ENABLED", "false"));
    }

    @AfterEach
    void stopAll() throws Exception {
        for (DaemonProcess d : daemons) d.close();
        llm.close();
        telegram.close();
    }

    private DaemonProcess daemon() throws Exception {
        DaemonProcess d = new DaemonProcess(tmp.resolve("data"), env).start();
        daemons.add(d);
        return d;
    }

    private CliProcess.Result cli(String... args) throws Exception {
        Map<String, String> e = new HashMap<>(env);
        e.put("BLUFIO_DATA_DIR", tmp.resolve("data").toString());
        return CliProcess.run(tmp, e, "", args);
    }

    /** Returns how often each occurrence (by its due second) was delivered to the owner. */
    private Map<Instant, Integer> delivered() {
        Map<Instant, Integer> out = new TreeMap<>();
        for (FakeTelegramServer.Sent s : telegram.messagesTo(OWNER)) {
            Matcher m = DUE.matcher(s.text());
            if (m.find()) out.merge(LocalDateTime.parse(m.group(1)).toInstant(ZoneOffset.UTC), 1, Integer::sum);
        }
        return out;
    }

    @Test
    void everyTwoSeconds_acrossSigtermAndSigkillAtFireTime_eachOccurrenceOnce_noneLost() throws Exception {
        CliProcess.Result add = cli("schedule", "add", "--every", "2", "--session", "telegram:42", "tick");
        assertThat(add.code()).as(add.all()).isZero();

        DaemonProcess first = daemon();
        await().atMost(WAIT).until(() -> delivered().size() >= 2);
        assertThat(first.terminate()).isZero();           // SIGTERM: drains, exits 0
        Thread.sleep(3_000);                              // at least one occurrence falls while nothing runs

        DaemonProcess second = daemon();
        int before = delivered().size();
        await().atMost(WAIT).until(() -> delivered().size() >= before + 2);
        // kill -9 on a fire time: the next occurrence's turn is running (the model answers slowly) when the process dies
        llm.enqueueSlowText("this answer never completes", 2_000);
        int requests = llm.requests().size();
        await().atMost(WAIT).until(() -> llm.requests().size() > requests);
        String killedTurn = llm.requests().get(requests).body().toString();
        second.kill();
        Matcher killed = DUE.matcher(killedTurn);
        assertThat(killed.find()).isTrue();
        Instant killedDue = LocalDateTime.parse(killed.group(1)).toInstant(ZoneOffset.UTC);

        DaemonProcess third = daemon();
        await().atMost(WAIT).until(() -> delivered().containsKey(killedDue));
        int afterKill = delivered().size();
        await().atMost(WAIT).until(() -> delivered().size() >= afterKill + 2);
        assertThat(third.terminate()).isZero();

        Map<Instant, Integer> seen = delivered();
        assertThat(seen).allSatisfy((due, times) -> assertThat(times).as("deliveries of %s", due).isEqualTo(1));
        assertThat(seen).containsKey(killedDue);
        assertThat(telegram.messagesTo(OWNER)).noneMatch(s -> s.text().contains("never completes"));

        // every occurrence from the first to the last is accounted for: run once, or counted in a skipped row
        JsonNode runs = DaemonProcess.JSON.readTree(cli("schedule", "history", "1", "--json", "--limit", "1000").out()).path("runs");
        TreeMap<Instant, String> byDue = new TreeMap<>();
        long skipped = 0;
        for (JsonNode r : runs) {
            Instant at = Instant.parse(r.path("scheduled_at").asText());
            if (r.path("outcome").asText().equals("skipped")) {
                skipped += r.path("missed").asLong();
                continue;
            }
            assertThat(byDue.put(at, r.path("turn_state").asText())).as("runs of %s", at).isNull();
        }
        Instant firstDue = runs.findValues("scheduled_at").stream().map(n -> Instant.parse(n.asText())).min(Instant::compareTo).orElseThrow();
        Instant lastDue = byDue.lastKey();
        long occurrences = Duration.between(firstDue, lastDue).toSeconds() / 2 + 1;
        assertThat(byDue.size() + skipped).as("runs %s, skipped %d", byDue, skipped).isEqualTo(occurrences);
        System.out.printf("schedule e2e: %d occurrences, %d queued (%d delivered), %d skipped while down; the turn killed at %s delivered once%n",
                occurrences, byDue.size(), seen.size(), skipped, killedDue);
        byDue.forEach((due, state) -> {
            Instant sec = due.truncatedTo(ChronoUnit.SECONDS);
            if (state.equals("done")) assertThat(seen).as("delivered %s", due).containsKey(sec);
            else assertThat(seen).doesNotContainKey(sec);  // queued before the last stop: runs at the next start
        });
        assertThat(byDue.values()).contains("done");
        assertThat(runs.findValuesAsText("outcome")).contains("caught_up");  // the occurrence missed across the SIGTERM
    }
}
