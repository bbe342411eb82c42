package io.blufio.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

final class ScheduleSpecTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant NOW = Instant.parse("2026-03-27T12:00:00Z");

    @Test
    void cron_isReadInTheZone_andFollowsDaylightSavingTime() {
        ScheduleSpec s = ScheduleSpec.cron("0 9 * * *", PARIS, 60, NOW);
        // Paris moves from UTC+1 to UTC+2 on 2026-03-29: 09:00 local is 08:00Z before, 07:00Z after
        assertThat(s.upcoming(NOW, 3)).containsExactly(Instant.parse("2026-03-28T08:00:00Z"),
                Instant.parse("2026-03-29T07:00:00Z"), Instant.parse("2026-03-30T07:00:00Z"));
    }

    @Test
    void cron_weekdays() {
        ScheduleSpec s = ScheduleSpec.cron("30 7 * * 1-5", ZoneId.of("UTC"), 60, NOW);  // 2026-03-27 is a Friday
        assertThat(s.upcoming(NOW, 2)).containsExactly(Instant.parse("2026-03-30T07:30:00Z"), Instant.parse("2026-03-31T07:30:00Z"));
    }

    @Test
    void cron_firingMoreOftenThanMinInterval_isRefused_atTheLimitAccepted() {
        ScheduleSpec.cron("*/5 * * * *", PARIS, 300, NOW);
        assertThatThrownBy(() -> ScheduleSpec.cron("*/5 * * * *", PARIS, 301, NOW)).isInstanceOf(AgentException.class)
                .hasMessageContaining("fires every 300 s").hasMessageContaining("schedules.min_interval_s (301 s)")
                .extracting(e -> ((AgentException) e).code()).isEqualTo("schedule_invalid");
        // a burst inside one hour counts, not the daily average
        assertThatThrownBy(() -> ScheduleSpec.cron("0-4 9 * * *", PARIS, 120, NOW)).hasMessageContaining("fires every 60 s");
    }

    @Test
    void cron_unparseable_wrongFieldCount_andNeverFiring_areRefused() {
        assertThatThrownBy(() -> ScheduleSpec.cron("every day at nine", PARIS, 60, NOW)).hasMessageContaining("has 4 fields");
        assertThatThrownBy(() -> ScheduleSpec.cron("0 9 * * * *", PARIS, 60, NOW)).hasMessageContaining("has 6 fields");
        assertThatThrownBy(() -> ScheduleSpec.cron("0 25 * * *", PARIS, 60, NOW)).hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> ScheduleSpec.cron("0 9 30 2 *", PARIS, 60, NOW)).hasMessageContaining("never fires");
    }

    @Test
    void at_acceptsRfc3339OrLocalTime_andRefusesThePast() {
        assertThat(ScheduleSpec.at("2026-03-27T13:00:00Z", PARIS, NOW).nextAfter(NOW)).contains(Instant.parse("2026-03-27T13:00:00Z"));
        assertThat(ScheduleSpec.at("2026-03-27T14:30", PARIS, NOW).nextAfter(NOW)).contains(Instant.parse("2026-03-27T13:30:00Z"));
        assertThat(ScheduleSpec.at("2026-03-27 14:30", PARIS, NOW).spec()).isEqualTo("2026-03-27T13:30:00Z");
        assertThatThrownBy(() -> ScheduleSpec.at("2026-03-27T11:59:59Z", PARIS, NOW)).hasMessageContaining("is in the past");
        assertThatThrownBy(() -> ScheduleSpec.at("2026-03-27T12:00:00Z", PARIS, NOW)).hasMessageContaining("is in the past");
        assertThatThrownBy(() -> ScheduleSpec.at("tomorrow at 9", PARIS, NOW)).hasMessageContaining("is not an RFC 3339 date-time");
        ScheduleSpec once = ScheduleSpec.at("2026-03-27T13:00:00Z", PARIS, NOW);
        assertThat(once.nextAfter(Instant.parse("2026-03-27T13:00:00Z"))).isEmpty();
    }

    @Test
    void every_countsFromItsAnchor_withoutDrift_andRespectsMinInterval() {
        ScheduleSpec s = ScheduleSpec.every(60, 60, PARIS, NOW);
        assertThat(s.nextAfter(NOW)).contains(NOW.plusSeconds(60));
        assertThat(s.nextAfter(NOW.plusSeconds(60))).contains(NOW.plusSeconds(120));
        assertThat(s.nextAfter(NOW.plusSeconds(150).plusMillis(3))).contains(NOW.plusSeconds(180));
        assertThatThrownBy(() -> ScheduleSpec.every(59, 60, PARIS, NOW)).hasMessageContaining("shorter than schedules.min_interval_s (60 s)");
    }
}
