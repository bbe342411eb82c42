package io.blufio.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blufio.agent.BudgetGuard;
import io.blufio.config.CostConfig;
import io.blufio.store.DataDir;
import io.blufio.store.Database;
import io.blufio.store.LedgerStore;
import io.blufio.store.SessionStore;
import java.math.BigDecimal;
import java.time.Clock;

/**
 * What {@code status} can tell without a daemon (SPEC 7): spend today and this month against the caps
 * (UTC days and months, as the daemon's budget guard counts them) and how many sessions exist, read from
 * the data dir's database. Opening the database is what {@code serve} would do first (it may bring an old
 * schema up to date); a data dir without a database reads as zero.
 */
public final class OfflineStatus {
    private OfflineStatus() {}

    /** Returns {@code {budget: {day: {spent_usd, cap_usd}, month: {...}}, sessions: {total}}}. */
    public static ObjectNode read(DataDir dataDir, CostConfig cost, Clock clock, ObjectMapper json) {
        ObjectNode out = json.createObjectNode();
        BigDecimal day = BigDecimal.ZERO;
        BigDecimal month = BigDecimal.ZERO;
        long sessions = 0;
        long schedules = 0;
        io.blufio.store.Schedule next = null;
        if (dataDir.hasDatabase()) {
            try (Database db = Database.open(dataDir.database())) {
                BudgetGuard guard = new BudgetGuard(new LedgerStore(db), cost, clock);
                day = guard.spentToday();
                month = guard.spentThisMonth();
                sessions = new SessionStore(db).count();
                io.blufio.store.ScheduleStore store = new io.blufio.store.ScheduleStore(db);
                schedules = store.activeCount();
                next = store.next().orElse(null);
            }
        }
        ObjectNode budget = out.putObject("budget");
        budget.putObject("day").put("spent_usd", day.doubleValue()).put("cap_usd", cost.dailyBudgetUsd());
        budget.putObject("month").put("spent_usd", month.doubleValue()).put("cap_usd", cost.monthlyBudgetUsd());
        out.putObject("sessions").put("total", sessions);
        out.set("schedules", schedulesJson(json, schedules, next));
        return out;
    }

    /** Returns {@code {active, next: {id, session, at, prompt} or null}}: how {@code status} shows the next fire. */
    static ObjectNode schedulesJson(ObjectMapper json, long active, io.blufio.store.Schedule next) {
        ObjectNode n = json.createObjectNode().put("active", active);
        if (next == null || next.nextFireAt() == null) {
            n.putNull("next");
        } else {
            n.putObject("next").put("id", next.id()).put("session", next.sessionKey()).put("at", next.nextFireAt().toString())
                    .put("kind", next.kind()).put("prompt", next.prompt());
        }
        return n;
    }
}
