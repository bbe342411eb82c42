package io.blufio.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.blufio.config.SchedulesConfig;
import io.blufio.store.Database;
import io.blufio.store.InboxStore;
import io.blufio.store.Schedule;
import io.blufio.store.ScheduleRun;
import io.blufio.testing.MutableClock;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler over a real SQLite file and the real inbox, with a clock the test moves: restarts are new
 * {@link Scheduler} instances over the same database; a crash is an enqueue that commits the inbox row and
 * then throws before the run is recorded (the process dies at that point).
 */
final class SchedulerTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    @TempDir Path dir;

    /** The real inbox; {@link #crashAfterCommit} makes the next submit die after its commit. */
    static final class Inbox implements Scheduler.Enqueue {
        final InboxStore store;
        final MutableClock clock;
        boolean crashAfterCommit;
        int submits;

        Inbox(Database db, MutableClock clock) {
            this.store = new InboxStore(db);
            this.clock = clock;
        }

        @Override
        public Optional<Long> submit(Inbound in) {
            submits++;
            Optional<Long> id = store.accept(in.channel(), in.externalId(), in.sessionKey(), in.sender(), in.content(), clock.instant());
            if (crashAfterCommit) {
                crashAfterCommit = false;
                throw new IllegalStateException("simulated crash right after the inbox commit");
            }
            return id;
        }
    }

    /** The real inbox with a one-transaction batch, as {@link Agent#submitAll} does it. */
    static final class BatchInbox implements Scheduler.Enqueue {
        final Database db;
        final InboxStore store;
        final MutableClock clock;
        final List<Integer> batches = new ArrayList<>();

        BatchInbox(Database db, MutableClock clock) {
            this.db = db;
            this.store = new InboxStore(db);
            this.clock = clock;
        }

        @Override
        public Optional<Long> submit(Inbound in) {
            return submitAll(List.of(in)).get(0);
        }

        @Override
        public List<Optional<Long>> submitAll(List<Inbound> ins) {
            batches.add(ins.size());
            return db.write(c -> {
                List<Optional<Long>> out = new ArrayList<>();
                for (Inbound in : ins) out.add(store.accept(c, in.channel(), in.externalId(), in.sessionKey(), in.sender(), in.content(), clock.instant()));
                return out;
            });
        }
    }

    private static List<String> queuedOccurrences(Database db) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT external_id FROM inbox WHERE external_id LIKE 'schedule:%' ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) out.add(rs.getString(1));
                return out;
            }
        });
    }

    private static String ext(long id, String instant) {
        return io.blufio.store.ScheduleStore.externalId(id, Instant.parse(instant));
    }

    @Test
    void everyMinute_acrossCleanRestart_crashAtFireTime_andCrashBeforeTheRecord_eachOccurrenceOnce() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:59:30Z"));
        try (Database db = Database.open(dir.resolve("t.db"))) {
            Schedules schedules = new Schedules(db, new SchedulesConfig(3600, 50, 60), UTC, clock);
            Schedule s = schedules.create("telegram:42", new Schedules.Request("say the time", null, "* * * * *", null, null), "cli");
            Inbox inbox = new Inbox(db, clock);
            Scheduler a = new Scheduler(db, inbox, Duration.ofHours(1), clock, Scheduler.Waiter.SYSTEM);

            assertThat(a.tick()).isEqualTo(Instant.parse("2026-03-01T08:59:31Z"));  // nothing due: look again within MAX_WAIT
            clock.advance(Duration.ofSeconds(30));                                   // 09:00:00 exactly
            a.tick();
            a.tick();                                                                // a second pass in the same instant adds nothing
            clock.advance(Duration.ofMillis(60_250));                                // 09:01:00.25
            a.tick();
            assertThat(queuedOccurrences(db)).containsExactly(ext(s.id(), "2026-03-01T09:00:00Z"), ext(s.id(), "2026-03-01T09:01:00Z"));

            // clean stop (SIGTERM) before 09:02, start again at 09:02:40: the missed 09:02 runs once, as a catch-up
            clock.advance(Duration.ofSeconds(100));
            Scheduler b = new Scheduler(db, inbox, Duration.ofHours(1), clock, Scheduler.Waiter.SYSTEM);
            b.tick();
            // kill -9 landing on the fire time: 09:03's inbox row is committed, the run is not recorded
            clock.advance(Duration.ofSeconds(20));                                   // 09:03:00
            inbox.crashAfterCommit = true;
            assertThatThrownBy(b::tick).hasMessageContaining("simulated crash");
            clock.advance(Duration.ofSeconds(2));
            Scheduler c = new Scheduler(db, inbox, Duration.ofHours(1), clock, Scheduler.Waiter.SYSTEM);
            int before = inbox.submits;
            c.tick();
            assertThat(inbox.submits).isEqualTo(before);                             // found in the inbox, not queued again
            // the same crash at 09:04, but the restart comes after 09:05 passed too
            clock.advance(Duration.ofSeconds(58));                                   // 09:04:00
            inbox.crashAfterCommit = true;
            assertThatThrownBy(c::tick).hasMessageContaining("simulated crash");
            clock.advance(Duration.ofSeconds(70));                                   // 09:05:10
            Scheduler d = new Scheduler(db, inbox, Duration.ofHours(1), clock, Scheduler.Waiter.SYSTEM);
            d.tick();

            assertThat(queuedOccurrences(db)).containsExactly(ext(s.id(), "2026-03-01T09:00:00Z"), ext(s.id(), "2026-03-01T09:01:00Z"),
                    ext(s.id(), "2026-03-01T09:02:00Z"), ext(s.id(), "2026-03-01T09:03:00Z"), ext(s.id(), "2026-03-01T09:04:00Z"),
                    ext(s.id(), "2026-03-01T09:05:00Z"));
            List<ScheduleRun> runs = schedules.history(s.id(), 100).reversed();
            assertThat(runs).extracting(r -> r.scheduledAt().toString() + " " + r.outcome()).containsExactly(
                    "2026-03-01T09:00:00Z fired", "2026-03-01T09:01:00Z fired", "2026-03-01T09:02:00Z caught_up",
                    "2026-03-01T09:03:00Z caught_up", "2026-03-01T09:04:00Z fired", "2026-03-01T09:05:00Z caught_up");
            assertThat(runs).allSatisfy(r -> assertThat(r.inboxId()).isNotNull());
            assertThat(runs.get(1).firedAt()).isEqualTo(Instant.parse("2026-03-01T09:01:00.250Z"));  // the lag is recorded
            assertThat(schedules.find(s.id()).orElseThrow().nextFireAt()).isEqualTo(Instant.parse("2026-03-01T09:06:00Z"));
        }
    }

    @Test
    void hundredSchedulesDueAtOnce_areQueuedInOneInboxCommit_eachOnce() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:59:30Z"));
        try (Database db = Database.open(dir.resolve("t.db"))) {
            Schedules schedules = new Schedules(db, new SchedulesConfig(3600, 50, 60), UTC, clock);
            for (int i = 0; i < 100; i++) schedules.create("api:s" + (i % 10), new Schedules.Request("job " + i, null, "0 9 * * *", null, null), "cli");
            BatchInbox inbox = new BatchInbox(db, clock);
            Scheduler sch = new Scheduler(db, inbox, Duration.ofHours(1), clock, Scheduler.Waiter.SYSTEM);
            clock.advance(Duration.ofSeconds(30));
            sch.tick();
            sch.tick();
            assertThat(inbox.batches).containsExactly(100);
            assertThat(queuedOccurrences(db)).hasSize(100).doesNotHaveDuplicates();
            assertThat(schedules.list(null)).allSatisfy(s -> assertThat(s.nextFireAt()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z")));
        }
    }

    @Test
    void longDowntime_runsTheNewestOccurrenceOnce_andRecordsTheOthersAsSkipped() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:59:30Z"));
        try (Database db = Database.open(dir.resolve("t.db"))) {
            Schedules schedules = new Schedules(db, new SchedulesConfig(3600, 50, 60), UTC, clock);
            Schedule s = schedules.create("api:cli", new Schedules.Request("check", null, "* * * * *", null, null), "cli");
            Inbox inbox = new Inbox(db, clock);
            clock.advance(Duration.ofMinutes(150));  // down from before 09:00 to 11:29:30
            List<long[]> events = new ArrayList<>();
            Scheduler sch = new Scheduler(db, inbox, Duration.ofHours(1), clock, Scheduler.Waiter.SYSTEM);
            sch.events(new AgentEvents() {
                @Override
                public void scheduleRun(String outcome, long occurrences, long lagNanos) {
                    events.add(new long[] {outcome.equals("skipped") ? 0 : 1, occurrences, lagNanos});
                }
            });
            sch.tick();
            assertThat(queuedOccurrences(db)).containsExactly(ext(s.id(), "2026-03-01T11:29:00Z"));
            List<ScheduleRun> runs = schedules.history(s.id(), 10);
            assertThat(runs).extracting(ScheduleRun::outcome).containsExactly("caught_up", "skipped");
            assertThat(runs.get(1).missed()).isEqualTo(149);                // 09:00 .. 11:28
            assertThat(runs.get(1).scheduledAt()).isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
            assertThat(events).extracting(e -> e[0] + "/" + e[1]).containsExactly("0/149", "1/1");
            assertThat(events.get(1)[2]).isEqualTo(Duration.ofSeconds(30).toNanos());
        }
    }

    @Test
    void oneShotMissedBeyondCatchUp_isSkippedAndDone_withinCatchUp_runsOnce() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
        try (Database db = Database.open(dir.resolve("t.db"))) {
            Schedules schedules = new Schedules(db, new SchedulesConfig(600, 50, 60), UTC, clock);
            Schedule late = schedules.create("api:cli", new Schedules.Request("too late", "2026-03-01T09:00:00Z", null, null, null), "cli");
            Schedule soon = schedules.create("api:cli", new Schedules.Request("in time", "2026-03-01T10:55:00Z", null, null, null), "cli");
            Inbox inbox = new Inbox(db, clock);
            clock.advance(Duration.ofHours(3));  // 11:00: 'late' is 2 h old (> 600 s), 'soon' 5 min (<= 600 s)
            new Scheduler(db, inbox, Duration.ofSeconds(600), clock, Scheduler.Waiter.SYSTEM).tick();
            assertThat(queuedOccurrences(db)).containsExactly(ext(soon.id(), "2026-03-01T10:55:00Z"));
            assertThat(schedules.history(late.id(), 5)).singleElement().satisfies(r -> {
                assertThat(r.outcome()).isEqualTo("skipped");
                assertThat(r.note()).contains("schedules.catch_up_s (600 s)");
            });
            assertThat(schedules.find(late.id()).orElseThrow().state()).isEqualTo("done");
            assertThat(schedules.find(soon.id()).orElseThrow().state()).isEqualTo("done");
            assertThat(schedules.list(null)).isEmpty();
        }
    }

    @Test
    void cancelledSchedule_neverFires_andRunNowQueuesOutsideTheTimetable() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
        try (Database db = Database.open(dir.resolve("t.db"))) {
            Schedules schedules = new Schedules(db, new SchedulesConfig(3600, 50, 60), UTC, clock);
            Schedule s = schedules.create("api:cli", new Schedules.Request("hourly", null, null, 3600L, null), "cli");
            Inbox inbox = new Inbox(db, clock);
            Scheduler sch = new Scheduler(db, inbox, Duration.ofHours(1), clock, Scheduler.Waiter.SYSTEM);
            long turn = schedules.runNow(s.id(), inbox);
            assertThat(schedules.history(s.id(), 5)).singleElement().satisfies(r -> {
                assertThat(r.outcome()).isEqualTo("run_now");
                assertThat(r.inboxId()).isEqualTo(turn);
                assertThat(r.turnState()).isEqualTo("pending");
            });
            schedules.cancel(s.id(), null);
            clock.advance(Duration.ofHours(5));
            sch.tick();
            assertThat(queuedOccurrences(db)).hasSize(1).allMatch(e -> e.contains(":now:"));
            assertThatThrownBy(() -> schedules.cancel(s.id(), null)).extracting(e -> ((AgentException) e).code()).isEqualTo("schedule_not_found");
        }
    }
}
