package io.blufio.bench;

import io.blufio.agent.Schedules;
import io.blufio.config.SchedulesConfig;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.store.Database;
import io.blufio.store.ScheduleRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Schedule fire-time lag (issue 15): {@code n} (100) cron schedules over {@code sessions} (10) sessions, all due at the same
 * minute, against a real daemon (distribution launcher) and a zero-latency LLM stand-in. The schedules are
 * written into the daemon's database beside it, as {@code blufio schedule add} does. Prints the lag from the
 * scheduled instant to the inbox commit of each occurrence (exact, from the run history: p50, p99, max),
 * the daemon's {@code blufio_schedule_lag_seconds} p99, and when the last of the turns had finished.
 * Usage: bench/schedule-lag.sh [n] [sessions]. More sessions than {@code agent.max_sessions} (64) make the turns, not the
 * firing, wait for free session actors. Not part of the test suite.
 */
public final class ScheduleLagBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path launcher = Path.of(System.getProperty("blufio.launcher"));
        Path tmp = Files.createTempDirectory("blufio-schedule");
        try (FakeAnthropicServer llm = new FakeAnthropicServer();
             BenchDaemon d = new BenchDaemon(launcher, tmp.resolve("data"), Map.of(
                     "ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY, "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(),
                     "BLUFIO_AGENT__LOG_LEVEL", "warn", "BLUFIO_MEMORY__ENABLED", "false", "BLUFIO_AGENT__TIMEZONE", "UTC"))) {
            ZonedDateTime due = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(20).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            String cron = due.getMinute() + " " + due.getHour() + " * * *";
            List<Long> ids = new ArrayList<>();
            try (Database db = Database.open(d.dataDir().resolve("blufio.db"))) {
                Schedules schedules = new Schedules(db, new SchedulesConfig(3600, 50, 60), ZoneOffset.UTC, Clock.systemUTC());
                for (int i = 0; i < n; i++) {
                    ids.add(schedules.create("api:bench-" + (i % sessions), new Schedules.Request("Report the status of job " + i, null, cron, null, null), "cli").id());
                }
                System.out.printf("schedule lag: %d cron schedules \"%s\" (UTC) in %d sessions, due %s; waiting%n", n, cron, sessions, due.toInstant());
                Instant dueAt = due.toInstant();
                while (Instant.now().isBefore(dueAt.plusSeconds(1)) || d.metrics().contains("blufio_inbox_depth 0.0") == false
                        || fired(schedules, ids) < n) {
                    if (Instant.now().isAfter(dueAt.plusSeconds(120))) throw new IllegalStateException("not all fired within 120 s");
                    Thread.sleep(200);
                }
                Instant allDone = Instant.now();
                List<Double> lags = new ArrayList<>();
                for (long id : ids) {
                    for (ScheduleRun r : schedules.history(id, 5)) {
                        if (r.outcome().equals("fired")) lags.add(Duration.between(r.scheduledAt(), r.firedAt()).toNanos() / 1e6);
                    }
                }
                Collections.sort(lags);
                String m = d.metrics();
                System.out.printf("fire lag (scheduled instant to inbox commit), %d occurrences: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                        lags.size(), pct(lags, 0.50), pct(lags, 0.99), lags.get(lags.size() - 1));
                System.out.printf("daemon histogram blufio_schedule_lag_seconds: p99 %.3f s; all %d turns answered %.1f s after the due time (seen at 200 ms polls)%n",
                        BenchDaemon.quantile(m, "blufio_schedule_lag_seconds", 0.99), n, Duration.between(dueAt, allDone).toMillis() / 1000.0);
            }
        }
    }

    private static long fired(Schedules schedules, List<Long> ids) {
        return ids.stream().filter(id -> schedules.lastRun(id).map(r -> "done".equals(r.turnState())).orElse(false)).count();
    }

    /** Nearest-rank percentile of sorted values. */
    static double pct(List<Double> sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
