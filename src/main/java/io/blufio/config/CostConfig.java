package io.blufio.config;

/**
 * {@code [cost]}: spend caps in USD; an absent cap means no cap.
 *
 * @param dailyBudgetUsd cap per UTC day
 * @param monthlyBudgetUsd cap per UTC calendar month
 * @param warnAtPercent share of a cap at which a warning is logged and sent once
 * @param pricingFile optional TOML price table overriding the built-in one
 */
public record CostConfig(Double dailyBudgetUsd, Double monthlyBudgetUsd, Integer warnAtPercent, String pricingFile) {
    public CostConfig {
        if (dailyBudgetUsd != null) Check.between("cost.daily_budget_usd", dailyBudgetUsd, 0, 1e9);
        if (monthlyBudgetUsd != null) Check.between("cost.monthly_budget_usd", monthlyBudgetUsd, 0, 1e9);
        warnAtPercent = Check.between("cost.warn_at_percent", Check.or(warnAtPercent, 80), 1, 100);
    }
}
