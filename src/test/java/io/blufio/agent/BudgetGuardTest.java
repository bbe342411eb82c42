package io.blufio.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.blufio.BlufioException;
import io.blufio.config.CostConfig;
import io.blufio.store.Database;
import io.blufio.store.LedgerEntry;
import io.blufio.store.LedgerStore;
import io.blufio.testing.MutableClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class BudgetGuardTest {
    @TempDir Path dir;

    private static LedgerEntry spend(Instant at, String usd) {
        return new LedgerEntry(at, null, null, "anthropic", "claude-sonnet-5-5", "chat", 1, 1, 0, 0, new BigDecimal(usd));
    }

    @Test
    void check_refusesPastDailyCap_thenAllowsNextUtcDay() {
        var clock = new MutableClock(Instant.parse("2026-03-01T23:58:00Z"));
        try (Database db = Database.open(dir.resolve("t.db"))) {
            LedgerStore ledger = new LedgerStore(db);
            ledger.append(spend(clock.instant(), "4.99"));
            BudgetGuard guard = new BudgetGuard(ledger, new CostConfig(5.0, null, 80, null), clock);
            guard.check();
            ledger.append(spend(clock.instant(), "0.02"));
            guard.recorded(new BigDecimal("0.02"));
            assertThatThrownBy(guard::check).isInstanceOf(BlufioException.class)
                    .hasMessageContaining("daily budget of $5.00").hasMessageContaining("00:00 UTC")
                    .extracting(e -> ((BlufioException) e).code()).isEqualTo("budget_exhausted");
            clock.advance(Duration.ofMinutes(3));
            guard.check();
            assertThat(guard.spentToday()).isEqualByComparingTo("0");
            assertThat(guard.spentThisMonth()).isEqualByComparingTo("5.01");
        }
    }

    @Test
    void check_monthlyCap_spansDays_andResetsOnTheFirst() {
        var clock = new MutableClock(Instant.parse("2026-03-30T12:00:00Z"));
        try (Database db = Database.open(dir.resolve("t.db"))) {
            LedgerStore ledger = new LedgerStore(db);
            ledger.append(spend(Instant.parse("2026-03-02T10:00:00Z"), "6"));
            ledger.append(spend(Instant.parse("2026-03-29T10:00:00Z"), "4"));
            BudgetGuard guard = new BudgetGuard(ledger, new CostConfig(null, 10.0, 80, null), clock);
            assertThatThrownBy(guard::check).hasMessageContaining("monthly budget of $10.00").hasMessageContaining("$10.00 spent this month");
            clock.advance(Duration.ofDays(2));  // 2026-04-01
            guard.check();
        }
    }

    @Test
    void recorded_warnsOncePerPeriod_atThreshold() {
        var clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
        try (Database db = Database.open(dir.resolve("t.db"))) {
            LedgerStore ledger = new LedgerStore(db);
            BudgetGuard guard = new BudgetGuard(ledger, new CostConfig(1.0, null, 80, null), clock);
            List<String> notices = new ArrayList<>();
            guard.onNotice(notices::add);
            java.util.function.Consumer<String> call = usd -> {  // as LedgeredProvider does: the ledger row, then the guard
                ledger.append(spend(clock.instant(), usd));
                guard.recorded(new BigDecimal(usd));
            };
            call.accept("0.79");
            assertThat(notices).isEmpty();
            call.accept("0.01");
            call.accept("0.05");
            assertThat(notices).hasSize(1);
            assertThat(notices.get(0)).contains("daily budget").contains("80 %");
        }
    }

    /**
     * The first call a daemon makes, and the first of a new UTC day, are in the ledger when the guard first reads it:
     * they were counted twice (a new user saw $0.00014 after one $0.00007 turn). Without caps, check() reads nothing.
     */
    @Test
    void recorded_firstCallAndFirstOfADay_areCountedOnce() {
        var clock = new MutableClock(Instant.parse("2026-03-31T23:59:00Z"));
        try (Database db = Database.open(dir.resolve("t.db"))) {
            LedgerStore ledger = new LedgerStore(db);
            BudgetGuard guard = new BudgetGuard(ledger, new CostConfig(null, null, 80, null), clock);
            guard.check();
            ledger.append(spend(clock.instant(), "0.00007"));
            guard.recorded(new BigDecimal("0.00007"));
            assertThat(guard.spentToday()).isEqualByComparingTo("0.00007");
            ledger.append(spend(clock.instant(), "0.00007"));
            guard.recorded(new BigDecimal("0.00007"));
            assertThat(guard.spentToday()).isEqualByComparingTo("0.00014");

            clock.advance(Duration.ofMinutes(2));  // 2026-04-01: a new day and a new month
            ledger.append(spend(clock.instant(), "0.00003"));
            guard.recorded(new BigDecimal("0.00003"));
            assertThat(guard.spentToday()).isEqualByComparingTo("0.00003");
            assertThat(guard.spentThisMonth()).isEqualByComparingTo("0.00003");
        }
    }

    @Test
    void check_ledgerUnreadable_refusesTheCall_failClosed_unlessNoCapIsSet() {
        var clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
        try (Database db = Database.open(dir.resolve("t.db"))) {
            BudgetGuard capped = new BudgetGuard(new LedgerStore(db), new CostConfig(1.0, null, 80, null), clock);
            BudgetGuard uncapped = new BudgetGuard(new LedgerStore(db), new CostConfig(null, null, 80, null), clock);
            db.write(c -> c.createStatement().execute("DROP TABLE ledger"));  // every ledger read now fails

            assertThatThrownBy(capped::check).isInstanceOf(BlufioException.class).hasMessageContaining("fail closed")
                    .extracting(e -> ((BlufioException) e).code()).isEqualTo("budget_unavailable");
            uncapped.check();  // nothing to enforce, nothing to read
        }
    }
}
