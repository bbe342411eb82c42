package io.blufio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.fixtures.FakeAnthropicServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code blufio schedule ...} on a data dir without a daemon, then beside a running one. */
final class ScheduleCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;
    private StringWriter err = new StringWriter();

    private String run(int expected, String... args) {
        return runWith(Map.of("HOME", tmp.toString(), "BLUFIO_AGENT__TIMEZONE", "Europe/Paris"), expected, args);
    }

    private String runWith(Map<String, String> env, int expected, String... args) {
        StringWriter out = new StringWriter();
        err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = tmp.resolve("data").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        assertThat(Main.run(all, env, new PrintWriter(out, true),
                new PrintWriter(err, true))).as(err.toString()).isEqualTo(expected);
        return out.toString();
    }

    @Test
    void withoutDaemon_addListHistoryRemove_andBadInputExits2WithNothingStored() throws Exception {
        assertThat(run(0, "schedule", "add", "--cron", "30 7 * * 1-5", "--session", "telegram:42", "Summarise", "my", "tasks"))
                .startsWith("added schedule 1 for telegram:42; next fire times (Europe/Paris):").contains("T07:30+0");
        JsonNode every = JSON.readTree(run(0, "schedule", "add", "--every", "2h", "--session", "phone", "--json", "Check the build"));
        assertThat(every.path("session").asText()).isEqualTo("api:phone");
        assertThat(every.path("spec").asText()).isEqualTo("7200");

        run(2, "schedule", "add", "--cron", "61 * * * *", "--session", "phone", "x");
        assertThat(err.toString()).contains("cannot be read");
        run(2, "schedule", "add", "--at", "2020-01-01T00:00:00Z", "--session", "phone", "x");
        assertThat(err.toString()).contains("is in the past");
        run(2, "schedule", "add", "--every", "30", "--session", "phone", "x");
        assertThat(err.toString()).contains("schedules.min_interval_s (60 s)");
        run(2, "schedule", "add", "--cron", "0 9 * * *", "--zone", "Europe/Atlantis", "--session", "phone", "x");
        assertThat(err.toString()).contains("is not a time zone");
        run(2, "schedule", "add", "--at", "2030-01-01T00:00:00Z", "--every", "60", "--session", "phone", "x");
        assertThat(err.toString()).contains("mutually exclusive");

        JsonNode list = JSON.readTree(run(0, "schedule", "list", "--json")).path("schedules");
        assertThat(list).hasSize(2);
        assertThat(list.get(0).path("kind").asText()).isEqualTo("cron");
        assertThat(list.get(0).path("last_run").isNull()).isTrue();
        assertThat(run(0, "schedule", "list")).contains("telegram:42").contains("30 7 * * 1-5").contains("Summarise my tasks");

        assertThat(run(0, "schedule", "run-now", "2")).isEqualTo("queued schedule 2 as turn 1; it runs when 'blufio serve' starts\n");
        JsonNode history = JSON.readTree(run(0, "schedule", "history", "2", "--json"));
        assertThat(history.path("runs")).singleElement().satisfies(r -> {
            assertThat(r.path("outcome").asText()).isEqualTo("run_now");
            assertThat(r.path("turn_state").asText()).isEqualTo("pending");
        });
        assertThat(run(0, "schedule", "remove", "1")).startsWith("removed schedule 1");
        run(1, "schedule", "remove", "1");
        assertThat(err.toString()).contains("no active schedule 1");
        run(1, "schedule", "history", "9");
        assertThat(err.toString()).contains("no schedule 9");
        assertThat(JSON.readTree(run(0, "schedule", "list", "--json")).path("schedules")).hasSize(1);
        assertThat(JSON.readTree(run(0, "schedule", "list", "--all", "--json")).path("schedules")).hasSize(2);

        JsonNode status = JSON.readTree(run(3, "status", "--json"));
        assertThat(status.path("schedules").path("active").asLong()).isEqualTo(1);
        assertThat(status.path("schedules").path("next").path("id").asLong()).isEqualTo(2);
    }

    @Test
    void invalidTimezoneOrScheduleBounds_inTheConfig_exit78() {
        runWith(Map.of("HOME", tmp.toString(), "BLUFIO_AGENT__TIMEZONE", "Mars/Olympus_Mons"), 78, "schedule", "list");
        assertThat(err.toString()).contains("agent.timezone").contains("is not a time zone").contains("Europe/Paris");
        runWith(Map.of("HOME", tmp.toString(), "BLUFIO_SCHEDULES__MIN_INTERVAL_S", "0"), 78, "schedule", "list");
        assertThat(err.toString()).contains("schedules.min_interval_s").contains("at least 1");
        runWith(Map.of("HOME", tmp.toString(), "BLUFIO_HEARTBEAT__INTERVAL_S", "59"), 78, "schedule", "list");
        assertThat(err.toString()).contains("heartbeat.interval_s").contains("at least 60");
    }

    @Test
    void besideARunningDaemon_aScheduleAddedByTheCliFires_andStatusShowsTheNextFire() throws Exception {
        try (FakeAnthropicServer llm = new FakeAnthropicServer();
             InProcessDaemon d = new InProcessDaemon(tmp, llm, FakeAnthropicServer.API_KEY, Map.of("BLUFIO_MEMORY__ENABLED", "false"))) {
            assertThat(d.daemon.port()).isPositive();
            run(0, "schedule", "add", "--every", "1d", "--session", "api:later", "Not yet");
            llm.enqueueText("Here is your reminder.");
            run(0, "schedule", "add", "--at", Instant.now().plusSeconds(2).toString(), "--session", "api:cli", "Remind me");
            await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(run(0, "schedule", "history", "2", "--json")).path("runs")
                    .path(0).path("turn_state").asText().equals("done"));
            JsonNode history = JSON.readTree(run(0, "schedule", "history", "2", "--json"));
            assertThat(history.path("runs")).singleElement().satisfies(r -> assertThat(r.path("outcome").asText()).isEqualTo("fired"));
            assertThat(history.path("schedule").path("state").asText()).isEqualTo("done");
            JsonNode status = JSON.readTree(run(0, "status", "--json"));
            assertThat(status.path("schedules").path("active").asLong()).isEqualTo(1);
            assertThat(status.path("schedules").path("next").path("session").asText()).isEqualTo("api:later");
            assertThat(run(0, "status")).contains("schedules").contains("1 active; next #1 at ");
            assertThat(llm.requests()).hasSize(1);
        }
    }
}
