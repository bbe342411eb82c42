package io.blufio.config;

/**
 * {@code [heartbeat]}: an opt-in periodic check of active sessions (SPEC section 12). The model answers a
 * sentinel when there is nothing to say, or a short message that is sent to the session's channel.
 *
 * @param enabled run heartbeats (default false)
 * @param intervalS seconds between two checks of a session (default 3600, at least 60)
 * @param model model of the check; absent = the provider's model ({@code llm.<provider>.model})
 * @param monthlyBudgetUsd USD the checks may spend per UTC calendar month (default 1.0); once spent, no
 *     check calls the model until the next month
 * @param maxIdleDays a session whose user wrote nothing for longer than this many days gets no heartbeat (default 7)
 */
public record HeartbeatConfig(Boolean enabled, Integer intervalS, String model, Double monthlyBudgetUsd, Integer maxIdleDays) {
    public HeartbeatConfig {
        enabled = Check.or(enabled, Boolean.FALSE);
        intervalS = Check.atLeast("heartbeat.interval_s", Check.or(intervalS, 3600), 60);
        if (model != null && model.isBlank()) throw new ConfigException("heartbeat.model", "is empty; remove it to use the provider's model");
        monthlyBudgetUsd = Check.between("heartbeat.monthly_budget_usd", Check.or(monthlyBudgetUsd, 1.0), 0, 1e9);
        maxIdleDays = Check.between("heartbeat.max_idle_days", Check.or(maxIdleDays, 7), 1, 3650);
    }

    /** Returns {@link #intervalS()} as a duration. */
    public java.time.Duration interval() {
        return java.time.Duration.ofSeconds(intervalS);
    }
}
