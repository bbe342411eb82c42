package io.blufio.agent;

import io.blufio.ErrorCode;
import io.blufio.config.CostConfig;
import io.blufio.store.LedgerStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily and monthly spend caps in USD ({@code cost.daily_budget_usd}, {@code cost.monthly_budget_usd};
 * absent = no cap). Checked before every LLM call; days and months roll over at UTC midnight of
 * {@code clock}. At {@code cost.warn_at_percent} of a cap it logs a WARN and sends one notice per period.
 */
public final class BudgetGuard {
    private static final Logger log = LoggerFactory.getLogger(BudgetGuard.class);

    private final LedgerStore ledger;
    private final BigDecimal dailyCap;
    private final BigDecimal monthlyCap;
    private final int warnAtPercent;
    private final Clock clock;
    private volatile Consumer<String> notice = m -> {};
    private LocalDate day;
    private BigDecimal spentDay = BigDecimal.ZERO;
    private LocalDate month;
    private BigDecimal spentMonth = BigDecimal.ZERO;
    private LocalDate warnedDay;
    private LocalDate warnedMonth;

    public BudgetGuard(LedgerStore ledger, CostConfig cfg, Clock clock) {
        this.ledger = ledger;
        this.dailyCap = cfg.dailyBudgetUsd() == null ? null : BigDecimal.valueOf(cfg.dailyBudgetUsd());
        this.monthlyCap = cfg.monthlyBudgetUsd() == null ? null : BigDecimal.valueOf(cfg.monthlyBudgetUsd());
        this.warnAtPercent = cfg.warnAtPercent();
        this.clock = clock;
    }

    /** Sets where the one-time owner notice goes (e.g. a Telegram message); by default only the log. */
    public void onNotice(Consumer<String> notice) {
        this.notice = notice;
    }

    /**
     * Refuses a call when a cap is reached.
     *
     * @throws AgentException {@code budget_exhausted} saying which cap, the spend, and when it resets;
     *     {@code budget_unavailable} when a cap is set but the ledger cannot be read (fail closed)
     */
    public synchronized void check() {
        if (dailyCap == null && monthlyCap == null) return;
        try {
            roll();
        } catch (RuntimeException e) {
            day = null; // re-read the ledger next time
            month = null;
            throw new AgentException(ErrorCode.BUDGET_UNAVAILABLE, "the spend so far cannot be read from the cost ledger ("
                    + e.getMessage() + "), so the budget cannot be checked and the model call is refused (budgets fail"
                    + " closed); see the log and `blufio doctor`", e);
        }
        if (dailyCap != null && spentDay.compareTo(dailyCap) >= 0) {
            throw new AgentException(ErrorCode.BUDGET_EXHAUSTED, "the daily budget of $" + usd(dailyCap) + " (cost.daily_budget_usd) is used up: $"
                    + usd(spentDay) + " spent today; it resets at 00:00 UTC, or raise the cap");
        }
        if (monthlyCap != null && spentMonth.compareTo(monthlyCap) >= 0) {
            throw new AgentException(ErrorCode.BUDGET_EXHAUSTED, "the monthly budget of $" + usd(monthlyCap) + " (cost.monthly_budget_usd) is used up: $"
                    + usd(spentMonth) + " spent this month; it resets on the 1st at 00:00 UTC, or raise the cap");
        }
    }

    /**
     * Adds a call's cost to the running totals and warns once per period past the threshold. The call's ledger row
     * is written before this: a period whose total is read from the ledger here (the first use, a new UTC day or
     * month) holds the cost already and does not get it again.
     */
    public synchronized void recorded(BigDecimal cost) {
        LocalDate dayBefore = day;
        LocalDate monthBefore = month;
        try {
            roll();
        } catch (RuntimeException e) {
            log.warn("budget: cannot re-read the ledger after a call ({}); the next check reads it again", e.getMessage());
            day = null;
            month = null;
            return;
        }
        if (day.equals(dayBefore)) spentDay = spentDay.add(cost);
        if (month.equals(monthBefore)) spentMonth = spentMonth.add(cost);
        if (dailyCap != null && !day.equals(warnedDay) && over(spentDay, dailyCap)) {
            warnedDay = day;
            warn("daily", spentDay, dailyCap);
        }
        if (monthlyCap != null && !month.equals(warnedMonth) && over(spentMonth, monthlyCap)) {
            warnedMonth = month;
            warn("monthly", spentMonth, monthlyCap);
        }
    }

    private boolean over(BigDecimal spent, BigDecimal cap) {
        return spent.multiply(BigDecimal.valueOf(100)).compareTo(cap.multiply(BigDecimal.valueOf(warnAtPercent))) >= 0;
    }

    private void warn(String period, BigDecimal spent, BigDecimal cap) {
        String msg = "blufio has spent $" + usd(spent) + " of its " + period + " budget of $" + usd(cap)
                + " (" + warnAtPercent + " % warning, cost.warn_at_percent)";
        log.warn("budget.warn: {}", msg);
        try {
            notice.accept(msg);
        } catch (RuntimeException e) {
            log.warn("budget notice not delivered: {}", e.getMessage());
        }
    }

    /**
     * How much of its cap the fuller period has used, for the routing downgrade.
     *
     * @param percent spend as a share of the cap, in percent (may pass 100); 0 without caps
     * @param period {@code daily} or {@code monthly}: the period with the larger share
     * @param resets when that period starts again, in words ({@code 00:00 UTC}, {@code the 1st at 00:00 UTC})
     */
    public record Share(double percent, String period, String resets) {}

    /** Returns the larger share of the daily and the monthly cap spent so far (0 % without caps). */
    public synchronized Share share() {
        roll();
        double day = dailyCap == null ? 0 : percent(spentDay, dailyCap);
        double month = monthlyCap == null ? 0 : percent(spentMonth, monthlyCap);
        return month > day ? new Share(month, "monthly", "the 1st at 00:00 UTC") : new Share(day, "daily", "00:00 UTC");
    }

    private static double percent(BigDecimal spent, BigDecimal cap) {
        if (cap.signum() == 0) return 100;
        return spent.multiply(BigDecimal.valueOf(100)).divide(cap, 4, RoundingMode.HALF_UP).doubleValue();
    }

    /** Returns {@code cost.warn_at_percent}. */
    public int warnAtPercent() {
        return warnAtPercent;
    }

    /** Returns USD spent today (UTC). */
    public synchronized BigDecimal spentToday() {
        roll();
        return spentDay;
    }

    /** Returns USD spent this month (UTC). */
    public synchronized BigDecimal spentThisMonth() {
        roll();
        return spentMonth;
    }

    /** Returns the daily cap in USD, or null for none. */
    public BigDecimal dailyCap() {
        return dailyCap;
    }

    /** Returns the monthly cap in USD, or null for none. */
    public BigDecimal monthlyCap() {
        return monthlyCap;
    }

    /** Reloads the period totals from the ledger when the UTC day or month changed (and at first use). */
    private void roll() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!today.equals(day)) {
            day = today;
            Instant start = today.atStartOfDay(ZoneOffset.UTC).toInstant();
            spentDay = ledger.spent(start, start.plusSeconds(86_400));
        }
        LocalDate first = today.withDayOfMonth(1);
        if (!first.equals(month)) {
            month = first;
            spentMonth = ledger.spent(first.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    first.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
    }

    private static String usd(BigDecimal v) {
        return v.setScale(v.compareTo(BigDecimal.ONE) < 0 ? 4 : 2, RoundingMode.HALF_UP).toPlainString();
    }
}
