package io.blufio.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.blufio.config.SchedulesConfig;
import io.blufio.store.Database;
import io.blufio.store.SessionStore;
import io.blufio.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bounds and bad input of {@link Schedules}: a clear error, and nothing stored (not even the session). */
final class SchedulesTest {
    @TempDir Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));

    private static Schedules.Request every(long s) {
        return new Schedules.Request("ping", null, null, s, null);
    }

    @Test
    void maxPerSession_atTheLimitAccepted_onePastRefused_otherSessionsUnaffected() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            Schedules schedules = new Schedules(db, new SchedulesConfig(3600, 3, 60), ZoneId.of("UTC"), clock);
            for (int i = 0; i < 3; i++) schedules.create("telegram:42", every(60), "cli");
            assertThatThrownBy(() -> schedules.create("telegram:42", every(60), "cli")).isInstanceOf(AgentException.class)
                    .hasMessageContaining("already has 3 active schedules").hasMessageContaining("schedules.max_per_session (3)")
                    .extracting(e -> ((AgentException) e).code()).isEqualTo("schedule_limit");
            schedules.create("telegram:7", every(60), "cli");
            schedules.cancel(schedules.list(null).get(0).id(), null);
            schedules.create("telegram:42", every(60), "cli");  // a cancelled one frees its slot
            assertThat(schedules.list(null)).hasSize(4);
        }
    }

    @Test
    void badInput_isRefusedWithAClearError_andStoresNothing() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            Schedules schedules = new Schedules(db, new SchedulesConfig(3600, 50, 60), ZoneId.of("Europe/Paris"), clock);
            assertThatThrownBy(() -> schedules.create("api:x", new Schedules.Request("p", null, "0 9 * * *", null, "Mars/Olympus"), "cli"))
                    .hasMessageContaining("\"Mars/Olympus\" is not a time zone");
            assertThatThrownBy(() -> schedules.create("api:x", new Schedules.Request("p", "2026-02-28T09:00:00Z", null, null, null), "cli"))
                    .hasMessageContaining("is in the past");
            assertThatThrownBy(() -> schedules.create("api:x", new Schedules.Request("p", null, "nine o'clock", null, null), "cli"))
                    .hasMessageContaining("has 2 fields");
            assertThatThrownBy(() -> schedules.create("api:x", new Schedules.Request("p", "2026-03-02T09:00:00Z", "0 9 * * *", null, null), "cli"))
                    .hasMessageContaining("exactly one of at");
            assertThatThrownBy(() -> schedules.create("api:x", new Schedules.Request(" ", null, null, 60L, null), "cli"))
                    .hasMessageContaining("the prompt is empty");
            assertThatThrownBy(() -> schedules.create("api:x", every(59), "cli")).hasMessageContaining("schedules.min_interval_s (60 s)");
            assertThatThrownBy(() -> schedules.create("telegram:alice", every(60), "cli")).hasMessageContaining("telegram:<chat id>");
            assertThatThrownBy(() -> schedules.create("irc:x", every(60), "cli")).hasMessageContaining("channel telegram, api or cli");
            assertThat(schedules.listAll()).isEmpty();
            assertThat(new SessionStore(db).count()).isZero();
        }
    }

    @Test
    void cancel_byTheModel_onlyWithinItsOwnSession() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            Schedules schedules = new Schedules(db, new SchedulesConfig(3600, 50, 60), ZoneId.of("UTC"), clock);
            var mine = schedules.create("telegram:42", every(60), "tool");
            var theirs = schedules.create("telegram:7", every(60), "tool");
            assertThatThrownBy(() -> schedules.cancel(theirs.id(), mine.sessionId())).hasMessageContaining("in this conversation");
            assertThat(schedules.cancel(mine.id(), mine.sessionId()).state()).isEqualTo("cancelled");
            assertThat(schedules.list(theirs.sessionId())).hasSize(1);
        }
    }
}
